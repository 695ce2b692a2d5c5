package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// rotateX emits a rotation by a constant into a register other than its
// operand's as BMI2's rorx d, a, k (rotl by k is rorx by width - k), where
// ror would need a copy first: sha256's rotations of a value that stays
// live, and shifts right whose bits rotated in a mask clears (lowering
// turns those into rotations). It reports false, emitting nothing, where
// the operand's register is the result's (ror in place is shorter) or
// BMI2 is unavailable.
func (fe *funcEmitter) rotateX(m *mach.Instr) bool {
	if m.Sub != ssa.OpRotr && m.Sub != ssa.OpRotl {
		return false
	}
	la, ld := fe.Res.Locations[m.A], fe.Res.Locations[m.Dst]
	if !la.Spilled && !ld.Spilled && la.Reg == ld.Reg || !fe.bmi2() {
		return false
	}
	width := int64(m.Size) * 8
	k := m.Imm & (width - 1)
	if m.Sub == ssa.OpRotl {
		k = (width - k) & (width - 1)
	}
	d := fe.def(m.Dst)
	// The operand is read (through scratchB if spilled) before d,
	// maybe scratchA, is written.
	fe.e.vexRRRI(vop{prefix: 0xF2, esc: 0x3A, op: 0xF0, w: m.Size == 8}, d, 0, fe.use(m.A, scratchB), byte(k))
	fe.finish(m.Dst, d)
	return true
}
