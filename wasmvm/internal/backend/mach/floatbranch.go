package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A branch on a float order (mandelbrot's escape test zr2 + zi2 <= 4)
// compares itself, as integer branches do (OpBrCmp with Float): ucomisd
// and jae where the comparison set a register (setae, movzx) only for the
// branch to read the flags it left. Equality is left to OpFcmp: on amd64
// it needs the parity flag besides, two jumps. The orders need one
// condition code on both targets, false on NaN, whose complement (the
// inverted jump) is the negated order's or NaN: amd64 ja/jae with the
// operands of lt and le swapped, arm64 mi, ls, gt, ge.

// fuseFloatBranch records that the branch of block b on c performs c's
// float comparison itself, when c is an order of that block used only by
// the branch.
func (l *Func) fuseFloatBranch(b ssa.BlockID, c ssa.Value) {
	def := l.F.Def(c)
	if def == nil || def.Op != ssa.OpFcmp || def.Block != b || l.uses[c] != 1 {
		return
	}
	switch def.Cond {
	case ssa.CondFLt, ssa.CondFLe, ssa.CondFGt, ssa.CondFGe:
		l.fused[c] = def
	}
}
