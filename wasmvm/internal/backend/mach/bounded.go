package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// boundedLoopBudget bounds the work of a loop that checks no epoch: its
// trip count times its block's length in SSA instructions. A runaway
// module then still stops within some tens of thousands of instructions
// of an interruption (the check of the loop around it, or of the next
// call), and the simulation that finds the trip count stays cheap.
const boundedLoopBudget = 1 << 16

// EpochChecks marks the blocks that check the epoch on entry: the loop
// headers (LoopHeaders) except the loops that end within
// boundedLoopBudget: a block that is its own only loop, counted by an
// integer that enters as a constant and steps by a function of itself,
// and that leaves when a condition of that counter alone says so. The
// vectorized and unrolled loops over arrays of constant length are such
// loops; their check is a compare and branch per iteration that native
// code does not have, and the loop around them (or the function's
// caller) checks anyway. The headers of short counted loops
// (ShortLoops: innermost, a counter bounds their trips) check none
// either.
func (l *Func) EpochChecks() []bool {
	checks := make([]bool, len(l.Blocks))
	selfOnly := make([]bool, len(l.Blocks))
	for i := range selfOnly {
		selfOnly[i] = true
	}
	back := l.backEdges()
	for _, e := range back {
		checks[e.Header] = true
		if e.From != e.Header {
			selfOnly[e.Header] = false
		}
	}
	short := l.ShortLoops(back)
	for i, c := range checks {
		if c && (short[i] || selfOnly[i] && boundedSelfLoop(l.F, l.F.Block(l.Blocks[i].SSAID))) {
			checks[i] = false
		}
	}
	return checks
}

// boundedSelfLoop reports whether block b, which branches back to itself,
// runs at most boundedLoopBudget/len(b.Instrs) times per entry: its
// conditional branch stays in the loop on a condition computed from one
// integer parameter alone, which every other edge into b sets to a
// constant and the back edge to a function of itself, and simulating
// the counter from each of those constants leaves the loop in time.
func boundedSelfLoop(f *ssa.Func, b *ssa.Block) bool {
	term := b.Terminator()
	if term == nil || term.Op != ssa.OpBrif || len(term.Targets) != 2 {
		return false
	}
	back := 0
	if term.Targets[1].Block == b.ID {
		back = 1
	}
	if term.Targets[back].Block != b.ID || term.Targets[1-back].Block == b.ID {
		return false
	}
	maxTrips := boundedLoopBudget / (len(b.Instrs) + 1)
	for p, x := range b.Params {
		if t := f.TypeOf(x); t != ssa.TypeI32 && t != ssa.TypeI64 {
			continue
		}
		ev := loopEval{f: f, block: b.ID, counter: x}
		next := term.Targets[back].Args[p]
		if _, ok := ev.eval(term.Args[0], 0, 0); !ok {
			continue
		}
		if _, ok := ev.eval(next, 0, 0); !ok {
			continue
		}
		starts, ok := entryConstants(f, b, p)
		if !ok {
			return false
		}
		for _, x := range starts {
			if !ev.leaves(term.Args[0], next, x, back, maxTrips) {
				return false
			}
		}
		return true
	}
	return false
}

// entryConstants returns the constants that the edges into b other than
// its own back edge pass as its parameter p, or false if one passes
// something else.
func entryConstants(f *ssa.Func, b *ssa.Block, p int) ([]uint64, bool) {
	var starts []uint64
	for _, pred := range b.Preds {
		if pred == b.ID {
			continue
		}
		term := f.Block(pred).Terminator()
		if term == nil {
			return nil, false
		}
		for _, t := range term.Targets {
			if t.Block != b.ID {
				continue
			}
			c := f.Def(t.Args[p])
			if c == nil || c.Op != ssa.OpIconst {
				return nil, false
			}
			starts = append(starts, c.Imm)
		}
	}
	return starts, len(starts) > 0
}

// loopEval evaluates the values of a block as functions of one of its
// parameters, the counter: constants, the counter, and the integer
// operations of the block on them that cannot trap.
type loopEval struct {
	f       *ssa.Func
	block   ssa.BlockID
	counter ssa.Value
	steps   int // evaluations so far, bounded by maxEvalSteps
}

// maxEvalDepth bounds the expressions loopEval follows, and maxEvalSteps
// the evaluations of one loop's simulation (expressions that share
// operands are followed once per use), so that compiling a loop costs
// at most some tens of thousands of steps whatever its shape.
const (
	maxEvalDepth = 8
	maxEvalSteps = 1 << 16
)

// eval returns v's value when the counter is x, or false when v is not a
// function of the counter alone that eval knows.
func (ev *loopEval) eval(v ssa.Value, x uint64, depth int) (uint64, bool) {
	if ev.steps++; ev.steps > maxEvalSteps {
		return 0, false
	}
	if v == ev.counter {
		return x, true
	}
	def := ev.f.Def(v)
	if def == nil || depth > maxEvalDepth {
		return 0, false
	}
	if def.Op == ssa.OpIconst {
		return def.Imm, true
	}
	if def.Block != ev.block || len(def.Args) != 2 || len(def.Results) != 1 {
		return 0, false
	}
	switch def.Op {
	case ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor,
		ssa.OpIshl, ssa.OpUshr, ssa.OpSshr, ssa.OpIcmp:
	default:
		return 0, false
	}
	t := ev.f.TypeOf(def.Args[0])
	if t != ssa.TypeI32 && t != ssa.TypeI64 {
		return 0, false
	}
	a, ok := ev.eval(def.Args[0], x, depth+1)
	if !ok {
		return 0, false
	}
	b, ok := ev.eval(def.Args[1], x, depth+1)
	if !ok {
		return 0, false
	}
	r, trap := ssa.EvalBinary(def.Op, def.Cond, t, a, b)
	return r, trap == 0
}

// leaves simulates the loop from counter value x: it reports whether the
// branch condition cond leaves the loop (takes the target other than
// back) within maxTrips iterations, the back edge setting the counter to
// next.
func (ev *loopEval) leaves(cond, next ssa.Value, x uint64, back, maxTrips int) bool {
	for range maxTrips {
		c, ok := ev.eval(cond, x, 0)
		if !ok {
			return false
		}
		if ev.f.TypeOf(cond) == ssa.TypeI32 {
			c = uint64(uint32(c))
		}
		taken := 1
		if c != 0 {
			taken = 0
		}
		if taken != back {
			return true
		}
		if x, ok = ev.eval(next, x, 0); !ok {
			return false
		}
	}
	return false
}
