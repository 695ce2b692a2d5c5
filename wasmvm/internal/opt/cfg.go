package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// branch turns a conditional branch whose outcome is known (a constant
// condition or index, or two identical targets) into a jump, removing the
// edges not taken from their targets' predecessors. It reports whether it
// changed in.
func (fo *folder) branch(b *ssa.Block, in *ssa.Instr) bool {
	keep := -1
	switch in.Op {
	case ssa.OpBrif:
		if x, negated, ok := fo.testOfZero(in.Args[0]); ok {
			in.Args[0] = x // branch on x itself, not on a comparison of it with 0
			if negated {
				in.Targets[0], in.Targets[1] = in.Targets[1], in.Targets[0]
			}
		}
		if c, ok := fo.constant(in.Args[0]); ok {
			keep = int(b2u(c == 0))
		} else if sameCall(in.Targets[0], in.Targets[1]) {
			keep = 0
		}
	case ssa.OpBrTable:
		if c, ok := fo.constant(in.Args[0]); ok {
			keep = len(in.Targets) - 1
			if uint32(c) < uint32(keep) {
				keep = int(uint32(c))
			}
		}
	}
	if keep < 0 {
		return false
	}
	for i, t := range in.Targets {
		if i != keep {
			removePred(fo.f.Block(t.Block), b.ID)
		}
	}
	in.Op, in.Args, in.Targets = ssa.OpJump, nil, []ssa.BlockCall{in.Targets[keep]}
	return true
}

func sameCall(a, b ssa.BlockCall) bool { return a.Block == b.Block && slices.Equal(a.Args, b.Args) }

// removePred removes one edge from pred out of b's predecessor list.
func removePred(b *ssa.Block, pred ssa.BlockID) {
	if i := slices.Index(b.Preds, pred); i >= 0 {
		b.Preds = slices.Delete(b.Preds, i, i+1)
	}
}

// removeUnreachable empties the blocks the entry no longer reaches and
// removes their edges from the predecessor lists of their successors. It
// reports whether there were any.
func removeUnreachable(f *ssa.Func) bool {
	reached := make([]bool, len(f.Blocks))
	for _, id := range reversePostorder(f) {
		reached[id] = true
	}
	removed := false
	for _, b := range f.Blocks {
		if reached[b.ID] || len(b.Instrs) == 0 && len(b.Preds) == 0 {
			continue
		}
		for _, t := range successors(b) {
			removePred(f.Block(t.Block), b.ID)
		}
		b.Instrs, b.Preds = nil, nil
		removed = true
	}
	return removed
}

// testOfZero reports whether c is x != 0 (negated false) or x == 0
// (negated true) for an i32 x, which a branch or select can test directly.
func (fo *folder) testOfZero(c ssa.Value) (x ssa.Value, negated, ok bool) {
	d := fo.f.Def(c)
	if d == nil || d.Op != ssa.OpIcmp || d.Cond != ssa.CondEq && d.Cond != ssa.CondNe || fo.f.TypeOf(d.Args[0]) != ssa.TypeI32 {
		return ssa.NoValue, false, false
	}
	if k, isConst := fo.constant(d.Args[1]); !isConst || k != 0 {
		return ssa.NoValue, false, false
	}
	return d.Args[0], d.Cond == ssa.CondEq, true
}
