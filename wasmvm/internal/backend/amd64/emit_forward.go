package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// storedWord is an integer spill slot (its offset from RSP) whose last
// store, from register r, is the last code emitted: the slot and r hold
// the same eight bytes, so a read of the slot right after takes r
// instead (no store-to-load forwarding wait on the dependency chain).
// Splitting a live range often stores a value into its slot just before
// the instruction that reads it from there.
type storedWord struct {
	disp int32
	r    reg
	end  int
}

// noteStore records that the code emitted so far ends with the store of
// register r into integer spill slot m.
func (fe *funcEmitter) noteStore(m mem, r reg) {
	fe.word = storedWord{disp: m.disp, r: r, end: len(fe.e.b)}
}

// forwarded returns the register whose store into spilled integer v's
// slot is the last code emitted, if there is one.
func (fe *funcEmitter) forwarded(v regalloc.VReg) (reg, bool) {
	if !fe.spilledInt(v) || fe.word.end != len(fe.e.b) {
		return 0, false
	}
	if fe.slot(v).disp != fe.word.disp {
		return 0, false
	}
	return fe.word.r, true
}

// useInto puts integer v's low size bytes into register d, loading a
// spilled v straight into d (or copying the register it was just stored
// from) instead of through a scratch register. d must not hold another
// operand that the caller reads afterwards.
func (fe *funcEmitter) useInto(size uint8, d reg, v regalloc.VReg) {
	if r, ok := fe.forwarded(v); ok {
		if r != d {
			fe.e.movRR(size, d, r)
		}
		return
	}
	l := fe.Res.Locations[v]
	if l.Spilled {
		fe.e.load(size, d, fe.slot(v))
		return
	}
	if l.Reg != d {
		fe.e.movRR(size, d, l.Reg)
	}
}

// movFromSlot is OpMov of a spilled integer v: d = its low size bytes,
// zero-extended, loaded straight into d or copied from the register it
// was just stored from.
func (fe *funcEmitter) movFromSlot(size uint8, d reg, v regalloc.VReg) {
	if r, ok := fe.forwarded(v); ok {
		fe.e.movRR(size, d, r) // even to itself: mov r32, r32 zero-extends
		return
	}
	fe.e.load(size, d, fe.slot(v))
}

// peek returns a register holding integer v for an instruction that
// reads it before writing any register: a spilled v just stored from a
// register is read there, otherwise as use loads it.
func (fe *funcEmitter) peek(v regalloc.VReg, scratch reg) reg {
	if r, ok := fe.forwarded(v); ok {
		return r
	}
	return fe.use(v, scratch)
}

// aluRegs emits d op= b for aluSlotOperand's operations (add, sub, and,
// or, xor, imul).
func (fe *funcEmitter) aluRegs(m *mach.Instr, d, b reg) {
	if m.Sub == ssa.OpImul {
		fe.e.imulRR(m.Size, d, b)
		return
	}
	fe.e.aluRR(aluOpFor(m.Sub), m.Size, d, b)
	fe.flags = flagsOf{r: d, size: m.Size, end: len(fe.e.b)}
}

// aluForwarded emits d = a op b for aluSlotOperand where the operand in
// its spill slot (inSlot) was just stored from a register r: it takes r.
// Where d is r (the allocator reused the register after the store), d
// already holds inSlot, which serves a commutative operation only. It
// reports whether it emitted the operation.
func (fe *funcEmitter) aluForwarded(m *mach.Instr, d reg, inReg, inSlot regalloc.VReg) bool {
	r, ok := fe.forwarded(inSlot)
	switch {
	case !ok:
		return false
	case r != d:
		fe.useInto(m.Size, d, inReg)
		fe.aluRegs(m, d, r)
	case m.Commutes():
		fe.aluRegs(m, d, fe.use(inReg, scratchB))
	default:
		return false
	}
	return true
}
