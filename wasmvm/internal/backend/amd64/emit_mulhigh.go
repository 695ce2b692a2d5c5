package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Digits of the F7 group's one-operand multiplications.
const (
	digitMul  = 4
	digitImul = 5
)

// mulHigh emits dst = the high half of a*b. 64-bit operands use the
// one-operand mul/imul (RDX:RAX = RAX * b: RAX is scratch, RDX clobbered,
// see clobbers); 32-bit ones one 64-bit multiplication of the zero- or
// sign-extended operands, whose upper half is the result.
func (fe *funcEmitter) mulHigh(m *mach.Instr) {
	e := fe.e
	if m.Size == 8 {
		fe.moveTo(scratchA, m.A)
		digit := byte(digitMul)
		if m.Signed {
			digit = digitImul
		}
		e.unaryF7(8, digit, fe.use(m.B, scratchB))
		d := fe.def(m.Dst)
		if d != RDX { // the allocator may have left the result where mul puts it
			e.movRR(8, d, RDX)
		}
		fe.finish(m.Dst, d)
		return
	}
	a, b := fe.use(m.A, scratchA), fe.use(m.B, scratchB)
	if m.Signed {
		e.extendRR(8, scratchA, a, 32)
		e.extendRR(8, scratchB, b, 32)
	} else {
		e.movRR(4, scratchA, a)
		e.movRR(4, scratchB, b)
	}
	e.imulRR(8, scratchA, scratchB)
	e.shiftImm(8, shiftDigit(ssa.OpUshr), scratchA, 32)
	d := fe.def(m.Dst)
	e.movRR(4, d, scratchA)
	fe.finish(m.Dst, d)
}
