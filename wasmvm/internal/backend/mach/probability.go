package mach

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Static branch prediction. WebAssembly carries no hints, so the
// probability that a two-way branch takes each of its edges is estimated
// from the shape of the code, with the classic heuristics of Ball and
// Larus ("Branch prediction for free", PLDI 1993) as LLVM's
// BranchProbabilityInfo also uses them. Each heuristic that applies gives
// the probability of the branch's first edge (the one taken when the
// condition is not zero); they are combined by Dempster-Shafer's rule
// (Wu and Larus, "Static branch frequency and program profile analysis",
// MICRO 1994).
const (
	// probBackEdge is that of a loop's back edge against an edge that
	// stays in the loop or leaves it (Ball and Larus' loop branch
	// heuristic).
	probBackEdge = 0.88
	// probContinue is that of an edge that reaches a back edge through
	// blocks that only compute and jump (a C `continue` or the end of a
	// loop's body), against one that branches further: a loop's short
	// path around is predicted to be its common one.
	probContinue = 0.7
	// probExit is that of an edge that leaves the innermost loop against
	// one that stays in it (loop exit heuristic).
	probExit = 0.2
	// probCall is that of an edge into a block that only it enters and
	// that calls, against one whose block does not (call heuristic).
	probCall = 0.18
	// probReturn is that of an edge into a block that returns, against
	// one that does not (return heuristic).
	probReturn = 0.28
	// probTrap is that of an edge into a block that traps.
	probTrap = 1.0 / (1 << 20)
	// probEqual is that of the true edge of an equality comparison, and
	// of the false edge of a test of a value against zero (opcode and
	// zero heuristics: a value is rarely equal to one given other).
	probEqual = 0.375
)

// combine merges two independent estimates of the same event's
// probability (Dempster-Shafer).
func combine(p, q float64) float64 {
	pq := p * q
	return pq / (pq + (1-p)*(1-q))
}

// branchProbabilities returns, per block, the estimated probability of
// each of its successors in g.succs (1 for a jump's, an equal share for a
// br_table's targets; none for a block that returns or traps).
func (g *flowGraph) branchProbabilities() [][]float64 {
	prob := make([][]float64, len(g.f.Blocks))
	for _, b := range g.order {
		ss := g.succs[b]
		switch {
		case len(ss) == 0:
		case len(ss) == 2 && ss[0] != ss[1]:
			p := g.firstEdgeProbability(b)
			prob[b] = []float64{p, 1 - p}
		default:
			prob[b] = make([]float64, len(ss))
			for i := range ss {
				prob[b][i] = 1 / float64(len(ss))
			}
		}
	}
	return prob
}

// firstEdgeProbability estimates the probability that the two-way branch
// ending b takes its first edge (to g.succs[b][0]).
func (g *flowGraph) firstEdgeProbability(b ssa.BlockID) float64 {
	s0, s1 := g.succs[b][0], g.succs[b][1]
	p := 0.5
	// against gives the heuristic's probability for the first edge from
	// what it says of an edge: p when that is s0's, 1-p when s1's.
	apply := func(on0, on1 bool, q float64) {
		switch {
		case on0 && !on1:
			p = combine(p, q)
		case on1 && !on0:
			p = combine(p, 1-q)
		}
	}
	apply(g.isBack(b, s0), g.isBack(b, s1), probBackEdge)
	apply(g.continues(b, s0), g.continues(b, s1), probContinue)
	if h := g.inner[b]; h != noLoop {
		apply(!g.inLoop(h, s0), !g.inLoop(h, s1), probExit)
	}
	apply(g.traps(s0), g.traps(s1), probTrap)
	apply(g.callsOnItsOwn(b, s0), g.callsOnItsOwn(b, s1), probCall)
	apply(g.returns(s0), g.returns(s1), probReturn)
	if q, ok := g.conditionProbability(b); ok {
		p = combine(p, q)
	}
	return p
}

// continues reports whether the edge from b to s reaches a back edge of
// a loop containing b through at most two blocks that only compute and
// jump, and is not itself one.
func (g *flowGraph) continues(b, s ssa.BlockID) bool {
	for range 2 {
		if g.isBack(b, s) || len(g.succs[s]) != 1 {
			return false
		}
		t := g.succs[s][0]
		if g.isBack(s, t) {
			return g.inLoop(t, b)
		}
		s = t
	}
	return false
}

// traps reports whether block s ends in a trap.
func (g *flowGraph) traps(s ssa.BlockID) bool {
	t := g.f.Block(s).Terminator()
	return t != nil && t.Op == ssa.OpTrap
}

// returns reports whether block s returns.
func (g *flowGraph) returns(s ssa.BlockID) bool {
	t := g.f.Block(s).Terminator()
	return t != nil && (t.Op == ssa.OpReturn || t.Op == ssa.OpReturnCall || t.Op == ssa.OpReturnCallIndirect)
}

// callsOnItsOwn reports whether block s, which only b's branch enters,
// calls a function or the engine.
func (g *flowGraph) callsOnItsOwn(b, s ssa.BlockID) bool {
	return len(g.preds[s]) == 1 && g.preds[s][0] == b && g.calls(s)
}

// conditionProbability estimates the probability that the condition of
// b's branch is not zero from the comparison that computes it: an
// equality is rarely true, an inequality and a value's test against zero
// rarely false (not a test of one bit, about which nothing is known).
func (g *flowGraph) conditionProbability(b ssa.BlockID) (float64, bool) {
	t := g.f.Block(b).Terminator()
	if t == nil || t.Op != ssa.OpBrif {
		return 0, false
	}
	def := g.f.Def(t.Args[0])
	if def == nil {
		return 1 - probEqual, true
	}
	switch def.Op {
	case ssa.OpIcmp, ssa.OpFcmp:
		switch def.Cond {
		case ssa.CondEq:
			return probEqual, true
		case ssa.CondNe:
			return 1 - probEqual, true
		case ssa.CondSLt:
			if g.isConst(def.Args[1], 0) {
				return probEqual, true // a value rarely is negative
			}
		}
		return 0, false
	case ssa.OpBand:
		for _, a := range def.Args {
			if c := g.f.Def(a); c != nil && c.Op == ssa.OpIconst && bits.OnesCount64(c.Imm) == 1 {
				return 0, false
			}
		}
	}
	return 1 - probEqual, true
}

// isConst reports whether v is the integer constant c.
func (g *flowGraph) isConst(v ssa.Value, c uint64) bool {
	def := g.f.Def(v)
	return def != nil && def.Op == ssa.OpIconst && def.Imm == c
}
