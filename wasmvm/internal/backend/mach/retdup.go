package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Limits of duplicateReturns: the instructions a return block may have
// besides its return, and how many predecessors it may have.
const (
	maxReturnInstrs = 2
	maxReturnPreds  = 4
)

// duplicateReturns gives each predecessor of a small block that computes
// from its parameters and returns (a function's shared exit, such as
// `return n + acc` after a loop that accumulates, or `return n + 1`
// reached from a base case and from a loop) a copy of its own, which
// reads that edge's arguments in place of the parameters (bindParams):
// each path computes its result from the registers its values are in,
// without moves into the shared block's parameters, and an edge that
// passes 0 leaves an addition of nothing, which goes (foldZeroOperands:
// the base case `return n + 0` of a recursion turned into a loop).
func duplicateReturns(f *ssa.Func) {
	for _, b := range slices.Clone(f.Blocks) {
		if !isSmallReturn(b) {
			continue
		}
		preds := slices.Clone(b.Preds)
		slices.Sort(preds)
		preds = slices.Compact(preds)
		for _, p := range preds[1:] {
			foldZeroOperands(f, copyLatch(f, b, p))
		}
		bindParams(f, b, preds[0])
		foldZeroOperands(f, b)
	}
}

// isSmallReturn reports whether block b is a return block that
// duplicateReturns copies: not the entry, with parameters, two to
// maxReturnPreds predecessors, and up to maxReturnInstrs instructions
// without side effects or several results before its return.
func isSmallReturn(b *ssa.Block) bool {
	t := b.Terminator()
	if b.ID == 0 || t == nil || t.Op != ssa.OpReturn || len(b.Params) == 0 || len(b.Instrs) > maxReturnInstrs+1 ||
		len(b.Preds) < 2 || len(b.Preds) > maxReturnPreds {
		return false
	}
	for _, in := range b.Instrs[:len(b.Instrs)-1] {
		if len(in.Results) != 1 || len(in.Targets) > 0 || in.Op.HasSideEffects() {
			return false
		}
	}
	return true
}

// foldZeroOperands removes from return block b the integer additions,
// ors, xors and subtractions of a constant 0, whose results are their
// other operands; b's values are used in b alone.
func foldZeroOperands(f *ssa.Func, b *ssa.Block) {
	same := map[ssa.Value]ssa.Value{}
	b.Instrs = slices.DeleteFunc(b.Instrs, func(in *ssa.Instr) bool {
		for i, a := range in.Args {
			if w, ok := same[a]; ok {
				in.Args[i] = w
			}
		}
		if x, ok := zeroOperandResult(f, in); ok {
			same[in.Results[0]] = x
			return true
		}
		return false
	})
}

// zeroOperandResult returns x when in is x + 0, 0 + x, x | 0, 0 | x,
// x ^ 0, 0 ^ x or x - 0 on integers.
func zeroOperandResult(f *ssa.Func, in *ssa.Instr) (ssa.Value, bool) {
	switch in.Op {
	case ssa.OpIadd, ssa.OpBor, ssa.OpBxor, ssa.OpIsub:
	default:
		return 0, false
	}
	for i, a := range in.Args {
		if d := f.Def(a); d != nil && d.Op == ssa.OpIconst && d.Imm == 0 && (i == 1 || in.Op != ssa.OpIsub) {
			return in.Args[1-i], true
		}
	}
	return 0, false
}
