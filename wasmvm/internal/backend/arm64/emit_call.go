package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// call emits a call to function idx of the index space: directly for a
// module-defined function, through the function descriptor for an import.
// After an import (or anything, in a module with tail calls, which can
// leave through another instance) X26 and the memory base are reloaded,
// since the callee may have changed instance or grown memory.
func (fe *funcEmitter) call(idx uint32) {
	e := fe.e
	if idx < fe.mod.numImports {
		fe.funcDesc(idx)
		fe.enterDesc()
		e.blr(scratchA)
	} else {
		fe.mod.calls = append(fe.mod.calls, callFixup{at: e.bl(), fn: idx})
		if !fe.mod.tailCalls {
			// A function of this module returns with this instance's
			// context and the current memory base: it reloads both
			// after any call of its own that could change them.
			return
		}
	}
	fe.reloadInstance()
}

// funcDesc sets scratchA to the address of this instance's descriptor of
// function idx.
func (fe *funcEmitter) funcDesc(idx uint32) {
	e := fe.e
	e.ldst(ldrX, scratchA, RegInstanceContext, exec.OffsetFuncs)
	if off := int64(idx) * exec.SizeofFuncDesc; off != 0 {
		e.movImm(8, scratchB, off)
		e.addReg(opAdd, 8, scratchA, scratchA, scratchB, 0)
	}
}

// enterDesc switches to the instance of the descriptor at scratchA and
// leaves its code address in scratchA.
func (fe *funcEmitter) enterDesc() {
	e := fe.e
	e.ldst(ldrX, RegInstanceContext, scratchA, 8)
	e.ldst(ldrX, RegMemoryBase, RegInstanceContext, exec.OffsetMemBase)
	e.ldst(ldrX, scratchA, scratchA, 0)
}

// reloadInstance restores this function's instance context and memory
// base after a call.
func (fe *funcEmitter) reloadInstance() {
	fe.ldstAny(ldrX, RegInstanceContext, SP, fe.selfSlot)
	fe.e.ldst(ldrX, RegMemoryBase, RegInstanceContext, exec.OffsetMemBase)
}

// callIndirect calls through a table: bounds, null and signature checks,
// then the descriptor's code with the descriptor's instance context.
func (fe *funcEmitter) callIndirect(m *mach.Instr) {
	fe.resolveIndirect(m)
	fe.enterDesc()
	fe.e.blr(scratchA)
	fe.reloadInstance()
}

// tailCall removes the frame and branches to the callee, which returns to
// this function's caller; the arguments are in place (their registers, and
// this function's incoming area: lowering stored them with OpRetStore).
func (fe *funcEmitter) tailCall(m *mach.Instr) {
	e := fe.e
	idx := uint32(m.Imm)
	switch {
	case m.Op == mach.OpTailCallIndirect:
		fe.resolveIndirect(m) // descriptor in scratchA
	case idx < fe.mod.numImports:
		fe.funcDesc(idx)
	}
	fe.restoreFrame()
	if m.Op == mach.OpTailCall && idx >= fe.mod.numImports {
		fe.mod.calls = append(fe.mod.calls, callFixup{at: e.branch(), fn: idx})
		return
	}
	fe.enterDesc()
	e.br(scratchA)
}

// resolveIndirect emits the checks of an indirect call through a table and
// leaves the callee's function descriptor address in scratchA.
func (fe *funcEmitter) resolveIndirect(m *mach.Instr) {
	e := fe.e
	e.mov(4, scratchB, fe.use(m.A, scratchB)) // zero-extended index
	e.ldst(ldrX, scratchA, RegInstanceContext, exec.OffsetTables)
	if off := int64(m.Table) * exec.SizeofTableDesc; off != 0 {
		e.movImm(8, tmp, off)
		e.addReg(opAdd, 8, scratchA, scratchA, tmp, 0)
	}
	e.ldst(ldrX, tmp, scratchA, 8) // the table's length
	e.addReg(opSubs, 8, XZR, scratchB, tmp, 0)
	fe.trapBranch(ssa.TrapUndefinedElement, e.bcond(condHS))
	e.ldst(ldrX, scratchA, scratchA, 0)
	e.word(0x38200800 | ldrX.bits() | rn(scratchB)<<16 | extUXTX<<13 | 1<<12 | rn(scratchA)<<5 | rn(scratchA)) // ldr x16, [x16, x17, lsl #3]
	fe.trapBranch(ssa.TrapUninitializedElement, e.cbz(8, scratchA))
	// Descriptor address: Descs + (ref-1)*SizeofFuncDesc.
	e.addImm(opSub, 8, scratchA, scratchA, 1)
	e.movImm(8, tmp, exec.SizeofFuncDesc)
	e.ldst(ldrX, scratchB, RegInstanceContext, exec.OffsetDescs)
	e.madd(8, scratchA, scratchA, tmp, scratchB)
	e.ldst(ldrX, scratchC, RegInstanceContext, exec.OffsetTypeIDs)
	fe.ldstAny(ldrW, scratchC, scratchC, m.Imm*4)
	e.ldst(ldrW, scratchB, scratchA, 16)
	e.addReg(opSubs, 4, XZR, scratchC, scratchB, 0)
	fe.trapBranch(ssa.TrapIndirectCallTypeMismatch, e.bcond(condNE))
}
