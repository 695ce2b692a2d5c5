package arm64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// mulHigh emits dst = the high half of a*b: umulh/smulh for 64-bit
// operands, and for 32-bit ones the 64-bit product of umull/smull shifted
// down (the low 32 bits of that shift are the high half whichever way it
// shifts, and a logical shift leaves the upper bits zero as 32-bit values
// keep them).
func (fe *funcEmitter) mulHigh(m *mach.Instr) {
	e := fe.e
	a, b := fe.use(m.A, scratchA), fe.use(m.B, scratchB)
	d := fe.def(m.Dst)
	switch {
	case m.Size == 8 && m.Signed:
		e.mulLong(opSmulh, d, a, b)
	case m.Size == 8:
		e.mulLong(opUmulh, d, a, b)
	default:
		op := opUmull
		if m.Signed {
			op = opSmull
		}
		e.mulLong(op, d, a, b)
		e.ubfm(8, d, d, 32, 63)
	}
	fe.finish(m.Dst, d)
}
