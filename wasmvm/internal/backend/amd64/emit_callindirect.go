package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// otherInstanceCall is the out-of-line path of an indirect call whose
// callee belongs to another instance: the conditional jump to it (its
// rel32 at jump), the descriptor (over RAX) and where it returns to.
type otherInstanceCall struct {
	jump   int
	desc   mem
	resume int
	framed bool
}

// callIndirect calls through a table: bounds, null and signature checks,
// then the descriptor's code with the descriptor's instance context.
//
// A callee of this instance (the descriptor's context is R14's) is
// called as a direct call is: it returns with this context and the
// current memory base (a function of the module reloads both after its
// own calls that could change them, an import's stub keeps R14 and
// reloads the base), so nothing is switched or reloaded. Only a callee of
// another instance switches R14 and the memory base and restores them
// afterwards, out of line. A module with tail calls switches on every
// indirect call, as its direct calls reload: a callee may leave through
// another instance.
func (fe *funcEmitter) callIndirect(m *mach.Instr) {
	desc := fe.resolveIndirect(m)
	e := fe.e
	if fe.mod.tailCalls {
		fe.switchInstanceCall(desc)
		return
	}
	fe.contextForCall()
	e.aluRM(aluCmp, 8, RegInstanceContext, desc.plus(8))
	jump := e.jcc32(ccNE)
	e.callM(desc)
	fe.otherInstanceCalls = append(fe.otherInstanceCalls,
		otherInstanceCall{jump: jump, desc: desc, resume: len(e.b), framed: fe.frames.Framed})
}

// switchInstanceCall calls the descriptor desc with its instance context
// and memory base, then reloads this function's.
func (fe *funcEmitter) switchInstanceCall(desc mem) {
	e := fe.e
	fe.execForCall()
	e.load(8, RegInstanceContext, desc.plus(8))
	e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
	e.callM(desc)
	e.load(8, RegInstanceContext, memAt(RSP, fe.selfSlot))
	e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
}

// emitOtherInstanceCalls emits the out-of-line paths of indirect calls
// into other instances, each returning to the code after its call.
func (fe *funcEmitter) emitOtherInstanceCalls() {
	for _, c := range fe.otherInstanceCalls {
		fe.e.patch32(c.jump, len(fe.e.b))
		fe.frames.Framed = c.framed
		fe.switchInstanceCall(c.desc)
		fe.e.patch32(fe.e.jmp32(), c.resume)
	}
}

// resolveIndirect emits the checks of an indirect call through a table and
// returns the callee's function descriptor as a memory operand over RAX,
// which the caller must leave alone until it has read the descriptor.
func (fe *funcEmitter) resolveIndirect(m *mach.Instr) mem {
	e := fe.e
	// An i32 is held zero-extended: the index needs no extension.
	index := fe.use(m.A, scratchB)
	e.load(8, scratchA, memAt(fe.context(scratchA), exec.OffsetTables))
	table := int32(m.Table) * exec.SizeofTableDesc // the table's descriptor
	e.aluRM(aluCmp, 8, index, memAt(scratchA, table+8))
	fe.trapBranch(ssa.TrapUndefinedElement, e.jcc32(ccAE))
	e.load(8, scratchA, memAt(scratchA, table))
	e.load(8, scratchA, mem{base: scratchA, index: int(index), scale: 8})
	e.test(8, scratchA, scratchA)
	fe.trapBranch(ssa.TrapUninitializedElement, e.jcc32(ccE))
	// The descriptor is at Descs + (ref-1)*24: [Descs + 3*ref*8 - 24].
	e.lea(scratchA, mem{base: scratchA, index: int(scratchA), scale: 2})
	e.load(8, scratchB, memAt(fe.context(scratchB), exec.OffsetDescs))
	e.lea(scratchA, mem{base: scratchB, index: int(scratchA), scale: 8, disp: -exec.SizeofFuncDesc})
	desc := memAt(scratchA, 0)
	e.load(8, scratchB, memAt(fe.context(scratchB), exec.OffsetTypeIDs))
	e.load(4, scratchB, memAt(scratchB, int32(m.Imm)*4))
	e.aluRM(aluCmp, 4, scratchB, desc.plus(16))
	fe.trapBranch(ssa.TrapIndirectCallTypeMismatch, e.jcc32(ccNE))
	return desc
}
