package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// aluSlotOperand emits the integer operation m, d = a op b on two
// registers' worth of operands, with an operand that the allocator left
// in its spill slot read there by the operation itself (add, sub, and,
// or, xor, imul take a memory source) instead of loaded into a scratch
// register first: b when it is spilled, or a for a commutative operation
// whose b is in a register. A 32-bit operation reads the low half of the
// slot; a spilled a is loaded straight into d. It reports whether it
// did; otherwise the caller loads the operands.
func (fe *funcEmitter) aluSlotOperand(m *mach.Instr, d reg) bool {
	_, alu := aluOpOf(m.Sub)
	if !alu && m.Sub != ssa.OpImul {
		return false
	}
	inReg, inSlot := m.A, m.B
	switch la, lb := fe.Res.Locations[m.A], fe.Res.Locations[m.B]; {
	case lb.Spilled:
	case la.Spilled && !lb.Spilled && m.Commutes():
		inReg, inSlot = m.B, m.A
	default:
		return false
	}
	if fe.aluForwarded(m, d, inReg, inSlot) {
		return true
	}
	e := fe.e
	fe.useInto(m.Size, d, inReg)
	if m.Sub == ssa.OpImul {
		e.opRM(is64(m.Size), []byte{0x0F, 0xAF}, d, fe.slot(inSlot))
		return true
	}
	e.aluRM(aluOpFor(m.Sub), m.Size, d, fe.slot(inSlot))
	fe.flags = flagsOf{r: d, size: m.Size, end: len(e.b)}
	return true
}
