package opt

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// ThreadJumps sends an edge into a block that only decides where to go
// next straight to where it goes, when the edge's arguments decide it. A
// candidate block has parameters and, before its conditional branch or
// branch table, only instructions without effects that cannot trap
// (integer arithmetic, comparisons, selects); an edge into it whose
// arguments make the branch's condition constant is redirected to the
// target the branch would take, with that target's arguments (the
// block's parameters replaced by the edge's arguments). Inlining leaves
// this shape behind: a callee's "return 0" on its fast path flows into a
// join where the caller tests the result, as wasi-libc's wrappers of WASI
// calls do with their errno.
//
// The block's own values must stay defined wherever they are used: an
// edge is threaded only when the taken target needs none of the block's
// instruction results as arguments, and every use of the block's values
// outside it lies in the region of another of its targets that has the
// block as its only predecessor (that region is still entered through
// the block alone). ThreadJumps reports whether it changed the control
// flow; blocks it leaves without predecessors are emptied.
func ThreadJumps(f *ssa.Func) bool {
	t := threader{f: f}
	changed := false
	for _, b := range f.Blocks {
		if t.budget == maxThreads {
			break
		}
		if t.candidate(b) && t.threadInto(b) || t.pathCandidate(b) && t.threadByPaths(b) {
			changed = true
		}
	}
	if changed {
		removeUnreachable(f)
	}
	return changed
}

// maxThreads bounds the edges ThreadJumps redirects in one function: each
// costs a recomputation of the dominator tree.
const maxThreads = 64

// maxDecisionInstrs bounds the instructions a candidate block computes
// its condition with.
const maxDecisionInstrs = 4

type threader struct {
	f      *ssa.Func
	dom    *domTree        // nil when an edge moved since it was computed
	uses   [][]ssa.BlockID // per value, the blocks using it (redirecting adds none that matter)
	budget int
}

// candidate reports whether b has the shape ThreadJumps threads through.
func (t *threader) candidate(b *ssa.Block) bool {
	term := b.Terminator()
	if term == nil || len(b.Params) == 0 || len(b.Instrs)-1 > maxDecisionInstrs ||
		term.Op != ssa.OpBrif && term.Op != ssa.OpBrTable {
		return false
	}
	for _, in := range b.Instrs[:len(b.Instrs)-1] {
		if !decisionOp(in) {
			return false
		}
	}
	return true
}

// decisionOp reports whether in may be skipped by a threaded edge: it has
// no effects, cannot trap, and integer evaluation gives its value.
func decisionOp(in *ssa.Instr) bool {
	if len(in.Results) != 1 || !isInteger(in.Type) {
		return false
	}
	switch in.Op {
	case ssa.OpIconst, ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor,
		ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr, ssa.OpIcmp,
		ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt, ssa.OpBswap, ssa.OpUextend, ssa.OpSextend, ssa.OpIreduce,
		ssa.OpSelect:
		return true
	}
	return false
}

func isInteger(typ ssa.Type) bool { return typ == ssa.TypeI32 || typ == ssa.TypeI64 }

// threadInto redirects the edges into b whose arguments decide b's branch.
func (t *threader) threadInto(b *ssa.Block) bool {
	changed := false
	for _, p := range uniqueBlocks(b.Preds) {
		pterm := t.f.Block(p).Terminator()
		if pterm == nil {
			continue
		}
		for j := range pterm.Targets {
			edge := &pterm.Targets[j]
			if edge.Block != b.ID || t.budget == maxThreads {
				continue
			}
			k, ok := t.decide(b, edge.Args)
			if !ok || !t.safe(b, k) {
				continue
			}
			t.redirect(p, edge, b, b, k)
			changed = true
		}
	}
	return changed
}

// decide evaluates b's instructions with its parameters bound to args and
// returns the index of the target its branch takes, when they decide it.
func (t *threader) decide(b *ssa.Block, args []ssa.Value) (int, bool) {
	known := map[ssa.Value]uint64{}
	for i, p := range b.Params {
		if c, ok := t.constant(args[i]); ok {
			known[p] = c
		}
	}
	value := func(v ssa.Value) (uint64, bool) {
		if c, ok := known[v]; ok {
			return c, true
		}
		if t.f.BlockOf(v) == b.ID {
			return 0, false // a parameter or instruction of b not known
		}
		return t.constant(v)
	}
	for _, in := range b.Instrs[:len(b.Instrs)-1] {
		if r, ok := t.evalDecision(in, value); ok {
			known[in.Results[0]] = r
		}
	}
	term := b.Terminator()
	c, ok := value(term.Args[0])
	if !ok {
		return 0, false
	}
	if term.Op == ssa.OpBrif {
		return int(b2u(uint32(c) == 0)), true
	}
	last := len(term.Targets) - 1
	return int(min(uint64(uint32(c)), uint64(last))), true
}

// evalDecision computes in's value from its operands' values, if known.
func (t *threader) evalDecision(in *ssa.Instr, value func(ssa.Value) (uint64, bool)) (uint64, bool) {
	args := make([]uint64, len(in.Args))
	for i, a := range in.Args {
		c, ok := value(a)
		if !ok {
			if in.Op == ssa.OpSelect && i > 0 {
				continue // the chosen operand may be known alone
			}
			return 0, false
		}
		args[i] = c
	}
	switch {
	case in.Op == ssa.OpIconst:
		return in.Imm, true
	case in.Op == ssa.OpSelect:
		pick := in.Args[1]
		if uint32(args[0]) == 0 {
			pick = in.Args[2]
		}
		return value(pick)
	case len(args) == 2:
		r, trap := ssa.EvalBinary(in.Op, in.Cond, t.f.TypeOf(in.Args[0]), args[0], args[1])
		return r, trap == 0
	case len(args) == 1:
		r, trap := ssa.EvalUnary(in.Op, t.f.TypeOf(in.Args[0]), in.Type, in.Aux, args[0])
		return r, trap == 0
	}
	return 0, false
}

// constant returns the bits of an integer constant v.
func (t *threader) constant(v ssa.Value) (uint64, bool) {
	in := t.f.Def(v)
	if in == nil || in.Op != ssa.OpIconst {
		return 0, false
	}
	return in.Imm, true
}

// safe reports whether an edge into b may go to b's target k instead (see
// ThreadJumps).
func (t *threader) safe(b *ssa.Block, k int) bool {
	term := b.Terminator()
	taken := term.Targets[k]
	if taken.Block == b.ID {
		return false
	}
	for _, a := range taken.Args {
		if t.f.BlockOf(a) == b.ID && t.f.Def(a) != nil {
			return false // an instruction result of b
		}
	}
	if t.dom == nil {
		t.dom = dominators(t.f)
	}
	if t.uses == nil {
		t.uses = useBlocks(t.f)
	}
	var owned []ssa.BlockID // targets other than taken whose only predecessor is b
	for i, o := range term.Targets {
		if i != k && o.Block != taken.Block && len(t.f.Block(o.Block).Preds) == 1 {
			owned = append(owned, o.Block)
		}
	}
	check := func(v ssa.Value) bool {
		for _, u := range t.uses[v] {
			if u == b.ID {
				continue
			}
			inside := false
			for _, o := range owned {
				if t.dom.dominates(o, u) {
					inside = true
					break
				}
			}
			if !inside {
				return false
			}
		}
		return true
	}
	for _, p := range b.Params {
		if !check(p) {
			return false
		}
	}
	for _, in := range b.Instrs {
		for _, r := range in.Results {
			if !check(r) {
				return false
			}
		}
	}
	return true
}

// redirect sends edge (from block p into via, which is b or a block
// that only jumps to b without arguments) to b's target k.
func (t *threader) redirect(p ssa.BlockID, edge *ssa.BlockCall, via, b *ssa.Block, k int) {
	taken := b.Terminator().Targets[k]
	args := make([]ssa.Value, len(taken.Args))
	for i, a := range taken.Args {
		args[i] = a
		for j, param := range b.Params {
			if a == param {
				args[i] = edge.Args[j]
			}
		}
	}
	removePred(via, p)
	dst := t.f.Block(taken.Block)
	dst.Preds = append(dst.Preds, p)
	edge.Block, edge.Args = taken.Block, args
	t.dom = nil // the taken target's dominator changed
	t.budget++
}

// useBlocks lists, per value, the blocks that use it (an operand of an
// instruction or an argument of a jump out of the block).
func useBlocks(f *ssa.Func) [][]ssa.BlockID {
	n := f.NumValues()
	// Two walks: the first counts each value's blocks, the second fills
	// the lists, cut out of one array.
	counts := make([]int32, n)
	last := make([]ssa.BlockID, n) // the block a value was last counted for
	for i := range last {
		last[i] = -1
	}
	walkUses(f, func(v ssa.Value, b ssa.BlockID) {
		if last[v] != b {
			last[v] = b
			counts[v]++
		}
	})
	total := int32(0)
	for _, c := range counts {
		total += c
	}
	all := make([]ssa.BlockID, total)
	uses := make([][]ssa.BlockID, n)
	next := int32(0)
	for v, c := range counts {
		if c > 0 {
			uses[v] = all[next : next : next+c]
			next += c
		}
	}
	walkUses(f, func(v ssa.Value, b ssa.BlockID) {
		if l := uses[v]; len(l) == 0 || l[len(l)-1] != b {
			uses[v] = append(l, b)
		}
	})
	return uses
}

// walkUses calls use for every operand and jump argument of f, with the
// block using it, block by block.
func walkUses(f *ssa.Func, use func(v ssa.Value, b ssa.BlockID)) {
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			for _, a := range in.Args {
				use(a, b.ID)
			}
			for _, tg := range in.Targets {
				for _, a := range tg.Args {
					use(a, b.ID)
				}
			}
		}
	}
}

// uniqueBlocks returns ids without repetitions, in order.
func uniqueBlocks(ids []ssa.BlockID) []ssa.BlockID {
	out := make([]ssa.BlockID, 0, len(ids))
	for _, id := range ids {
		seen := false
		for _, o := range out {
			seen = seen || o == id
		}
		if !seen {
			out = append(out, id)
		}
	}
	return out
}
