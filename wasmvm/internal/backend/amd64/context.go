package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// R14 holds the callee's instance context at every call and on entry.
// In guard mode, a function whose loops spill may be allocated with R14
// as an eleventh integer register (mach.Target.ContextRegisters); its
// context then lives in the frame's selfSlot (mach.Allocation.ContextInSlot):
// the prologue stores R14 there, each instruction that reads the context
// loads it into a scratch register (context), each call finds it loaded
// into R14 (contextForCall), and the epilogue restores R14, since the
// function's callers expect it back (a function of the module returns
// with the context it was given).

// contextRegisterInfo and v128ContextRegisterInfo are registerInfo and
// v128RegisterInfo with R14, caller-saved: calls take the context in it.
var (
	contextRegisterInfo     = withContextRegisters(registerInfo)
	v128ContextRegisterInfo = withContextRegisters(v128RegisterInfo)
)

// withContextRegisters returns regs with R14 and R15 added to the integer
// registers after the caller-saved ones.
func withContextRegisters(regs *regalloc.RegisterInfo) *regalloc.RegisterInfo {
	ints := regs.Allocatable[regalloc.ClassInt]
	i := 0
	for i < len(ints) && !regs.CalleeSaved[ints[i]] {
		i++
	}
	with := append(append(append([]regalloc.Reg{}, ints[:i]...), RegInstanceContext, RegExecContext), ints[i:]...)
	return &regalloc.RegisterInfo{
		Allocatable:      [2][]regalloc.Reg{with, regs.Allocatable[regalloc.ClassFloat]},
		CalleeSaved:      regs.CalleeSaved,
		SlotDestinations: regs.SlotDestinations,
	}
}

// contextUse says how the code for m uses R14 and R15 in guard mode
// (mach.Target.ContextUse): global accesses, memory.size, the clock and
// every kind of call read it (a direct call of the module's own function
// needs it loaded for the callee); the range checks of memory.copy and
// memory.fill compare with the memory's length while every scratch
// register holds an operand.
func contextUse(m *mach.Instr) mach.ContextUse {
	switch m.Op {
	case mach.OpGlobalGet, mach.OpGlobalSet, mach.OpMemSize, mach.OpCounterClock:
		return mach.ReadsContext
	case mach.OpCall, mach.OpCallIndirect, mach.OpRuntimeCall, mach.OpTailCall, mach.OpTailCallIndirect:
		return mach.CallsWithContext
	case mach.OpMemCopy, mach.OpMemFill:
		if !m.InBounds {
			return mach.NeedsContextRegister
		}
	}
	return mach.NoContext
}

// context returns a register that holds the instance context: R14, or r,
// into which it loads the context from its slot in a function that
// allocates R14.
func (fe *funcEmitter) context(r reg) reg {
	if !fe.ContextInSlot {
		return RegInstanceContext
	}
	fe.e.load(8, r, memAt(RSP, fe.selfSlot))
	return r
}

// contextForCall loads R14 with the context before a call (or a tail
// call's jump), in a function that allocates R14.
func (fe *funcEmitter) contextForCall() {
	if fe.ContextInSlot {
		fe.e.load(8, RegInstanceContext, memAt(RSP, fe.selfSlot))
		fe.e.load(8, RegExecContext, memAt(RSP, fe.execSlot))
	}
}

// execForCall loads R15 with the execution context before a call whose
// R14 is loaded otherwise (an import's, another instance's), in a
// function that allocates R15.
func (fe *funcEmitter) execForCall() {
	if fe.ContextInSlot {
		fe.e.load(8, RegExecContext, memAt(RSP, fe.execSlot))
	}
}
