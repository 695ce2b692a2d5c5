package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// floatOrder compares the floats of a branch on an order (mach's
// fuseFloatBranch: lt, le, gt, ge) and returns the condition code that
// holds where the order does: ucomis sets CF and ZF on NaN, so a > b is
// "above" and a >= b "above or equal", both false on NaN, and a < b, a <=
// b are the same of the operands swapped. The complement, which the
// branch jumps on when it inverts, is the negated order or NaN.
func (fe *funcEmitter) floatOrder(m *mach.Instr) byte {
	a, b := fe.use(m.A, scratchB), fe.use(m.B, scratchX)
	if m.Cond == ssa.CondFLt || m.Cond == ssa.CondFLe {
		a, b = b, a
	}
	fe.e.ucomis(m.Size, a, b)
	if m.Cond == ssa.CondFLt || m.Cond == ssa.CondFGt {
		return ccA
	}
	return ccAE
}
