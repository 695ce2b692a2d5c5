package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// The bulk memory operations run inline with the string instructions,
// which want RDI, RSI and RCX: RCX is a scratch register, RDI and RSI are
// allocatable and are pushed around the operation. Both ranges are checked
// before anything is written, as the specification requires, in either
// memory mode (a length reaches past any guard region).

// operands32 loads three 32-bit operands, zero-extended, into RAX, RDX
// and RCX (all scratch, so no operand is overwritten before it is read).
func (fe *funcEmitter) operands32(a, b, c regalloc.VReg) {
	e := fe.e
	e.movRR(4, scratchA, fe.use(a, scratchA))
	e.movRR(4, scratchC, fe.use(b, scratchC))
	e.movRR(4, scratchB, fe.use(c, scratchB))
}

// checkRange traps with "out of bounds memory access" unless
// [base, base+RCX) lies in linear memory; tmp is clobbered. pushed
// registers are popped on the trap path, so the trap sees this frame.
func (fe *funcEmitter) checkRange(base, tmp reg, pushed ...reg) {
	e := fe.e
	e.lea(tmp, mem{base: base, index: int(scratchB), scale: 1})
	e.aluRM(aluCmp, 8, tmp, memAt(RegInstanceContext, exec.OffsetMemLen))
	ok := e.jcc32(ccBE)
	for i := len(pushed) - 1; i >= 0; i-- {
		e.pop(pushed[i])
	}
	fe.trapStubs[ssa.TrapMemoryOutOfBounds] = append(fe.trapStubs[ssa.TrapMemoryOutOfBounds], e.jmp32())
	e.patch32(ok, len(e.b))
}

// memoryCopy: memory.copy with dst a, src b, length c; overlapping ranges
// copy as if through a buffer (backwards when the destination is above
// the source and within reach).
func (fe *funcEmitter) memoryCopy(m *mach.Instr) {
	e := fe.e
	fe.operands32(m.A, m.B, m.C) // RAX dst, RDX src, RCX length
	e.push(RSI)
	e.push(RDI)
	fe.checkRange(scratchA, RSI, RSI, RDI)
	fe.checkRange(scratchC, RSI, RSI, RDI)
	e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
	e.lea(RSI, mem{base: RegMemoryBase, index: int(scratchC), scale: 1})
	// Backwards when 0 < dst-src < length.
	e.movRR(8, scratchA, RDI)
	e.aluRR(aluSub, 8, scratchA, RSI)
	e.aluRR(aluCmp, 8, scratchA, scratchB)
	forward := e.jcc32(ccAE)
	fe.copyBackward()
	done := e.jmp32()
	e.patch32(forward, len(e.b))
	e.repMovsb()
	e.patch32(done, len(e.b))
	e.pop(RDI)
	e.pop(RSI)
}

// copyBackward copies RCX bytes from [RSI] to [RDI], highest first:
// sixteen at a time through X15, then the rest one by one (a backward rep
// movsb is slow).
func (fe *funcEmitter) copyBackward() {
	e := fe.e
	at := func(base reg) mem { return mem{base: base, index: int(scratchB), scale: 1} }
	e.aluRI(aluCmp, 8, scratchB, 16)
	toTail := e.jcc32(ccB)
	blocks := len(e.b)
	e.aluRI(aluSub, 8, scratchB, 16)
	e.loadUps(X15, at(RSI))
	e.storeUps(at(RDI), X15)
	e.aluRI(aluCmp, 8, scratchB, 16)
	e.patch32(e.jcc32(ccAE), blocks)
	e.patch32(toTail, len(e.b))
	e.test(8, scratchB, scratchB)
	done := e.jcc32(ccE)
	bytes := len(e.b)
	e.aluRI(aluSub, 8, scratchB, 1)
	e.loadExt(4, scratchA, at(RSI), 1, false)
	e.store(1, at(RDI), scratchA)
	e.patch32(e.jcc32(ccNE), bytes)
	e.patch32(done, len(e.b))
}

// memoryFill: memory.fill with dst a, byte value b, length c.
func (fe *funcEmitter) memoryFill(m *mach.Instr) {
	e := fe.e
	fe.operands32(m.A, m.B, m.C) // RAX dst, RDX value, RCX length
	e.push(RDI)
	fe.checkRange(scratchA, RDI, RDI)
	e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
	e.movRR(4, scratchA, scratchC)
	e.repStosb()
	e.pop(RDI)
}
