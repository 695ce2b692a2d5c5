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

// aluImmInSlot emits d = a <op> imm in place in the spill slot that d
// and a share (regalloc's RegisterInfo.SlotDestinations: a loop's counter
// stepped where it waits, `sub DWORD PTR [slot],1`), and claims the
// flags for d: a branch on d right after reads them. Only add, sub, and,
// or and xor take a memory destination; a 32-bit operation writes the
// slot's low half, and the high half stays the zeros of a zero-extended
// 32-bit value. It reports whether it did.
func (fe *funcEmitter) aluImmInSlot(m *mach.Instr) bool {
	op, alu := aluOpOf(m.Sub)
	if !alu || !fe.spilledInt(m.Dst) || !fe.spilledInt(m.A) || m.Imm != int64(int32(m.Imm)) {
		return false
	}
	at := fe.slot(m.Dst)
	if at != fe.slot(m.A) {
		return false
	}
	fe.e.aluMI(op, m.Size, at, int32(m.Imm))
	fe.setCond(m.Dst, ccNE)
	return true
}
