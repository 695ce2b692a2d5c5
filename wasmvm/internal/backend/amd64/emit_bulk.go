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
	fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.jmp32())
	e.patch32(ok, len(e.b))
}

// repThreshold is the length from which the bulk operations use the
// string instructions: below it, rep movsb/stosb's start-up cost (tens of
// cycles) is more than a loop of 16-byte moves takes.
const repThreshold = 2048

// memoryCopy: memory.copy with dst a, src b, length c; overlapping ranges
// copy as if through a buffer. Up to 32 bytes, both ends of the range are
// loaded before anything is stored, which is right for any overlap;
// longer copies go forwards unless the destination is above the source
// and within reach, 16 bytes at a time, with the last (or, backwards, the
// first) 16 bytes loaded before the loop and stored after it. Forward
// copies from repThreshold bytes on are rep movsb.
func (fe *funcEmitter) memoryCopy(m *mach.Instr) {
	e := fe.e
	fe.operands32(m.A, m.B, m.C) // RAX dst, RDX src, RCX length
	e.push(RSI)
	e.push(RDI)
	fe.checkRange(scratchA, RSI, RSI, RDI)
	fe.checkRange(scratchC, RSI, RSI, RDI)
	e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
	e.lea(RSI, mem{base: RegMemoryBase, index: int(scratchC), scale: 1})
	var done []int
	e.aluRI(aluCmp, 8, scratchB, 32)
	long := e.jcc32(ccA)
	done = append(done, fe.copyShort()...)
	e.patch32(long, len(e.b))
	// Backwards when 0 < dst-src < length.
	e.movRR(8, scratchA, RDI)
	e.aluRR(aluSub, 8, scratchA, RSI)
	e.aluRR(aluCmp, 8, scratchA, scratchB)
	forward := e.jcc32(ccAE)
	fe.copyBackward()
	done = append(done, e.jmp32())
	e.patch32(forward, len(e.b))
	e.aluRI(aluCmp, 8, scratchB, repThreshold)
	rep := e.jcc32(ccAE)
	fe.copyForward()
	done = append(done, e.jmp32())
	e.patch32(rep, len(e.b))
	e.repMovsb()
	for _, j := range done {
		e.patch32(j, len(e.b))
	}
	e.pop(RDI)
	e.pop(RSI)
}

// bothEnds returns the operands of the first and the last size bytes of
// a range of RCX bytes at base.
func bothEnds(base reg, size int32) (first, last mem) {
	return memAt(base, 0), mem{base: base, index: int(scratchB), scale: 1, disp: -size}
}

// copyShort copies RCX <= 32 bytes from [RSI] to [RDI] by loading both
// ends (two moves of the largest size that fits, overlapping in the
// middle) before storing them, and returns the jumps to the end.
func (fe *funcEmitter) copyShort() (done []int) {
	e := fe.e
	var next int
	for _, size := range []int32{16, 8, 4, 2} {
		e.aluRI(aluCmp, 4, scratchB, size)
		next = e.jcc32(ccB)
		from, fromLast := bothEnds(RSI, size)
		to, toLast := bothEnds(RDI, size)
		switch size {
		case 16:
			e.loadUps(X14, from)
			e.loadUps(X15, fromLast)
			e.storeUps(to, X14)
			e.storeUps(toLast, X15)
		case 8, 4:
			e.load(uint8(size), scratchA, from)
			e.load(uint8(size), scratchC, fromLast)
			e.store(uint8(size), to, scratchA)
			e.store(uint8(size), toLast, scratchC)
		case 2:
			e.loadExt(4, scratchA, from, 2, false)
			e.loadExt(4, scratchC, fromLast, 2, false)
			e.store(2, to, scratchA)
			e.store(2, toLast, scratchC)
		}
		done = append(done, e.jmp32())
		e.patch32(next, len(e.b))
	}
	e.test(4, scratchB, scratchB)
	done = append(done, e.jcc32(ccE))
	e.loadExt(4, scratchA, memAt(RSI, 0), 1, false)
	e.store(1, memAt(RDI, 0), scratchA)
	return append(done, e.jmp32())
}

// copyForward copies RCX > 16 bytes from [RSI] to [RDI], lowest first,
// sixteen at a time; the last sixteen are loaded first and stored last
// (over what the loop stored there, with the same bytes).
func (fe *funcEmitter) copyForward() {
	e := fe.e
	_, last := bothEnds(RSI, 16)
	e.loadUps(X15, last)
	e.lea(scratchC, mem{base: RDI, index: int(scratchB), scale: 1, disp: -16})
	loop := len(e.b)
	e.loadUps(X14, memAt(RSI, 0))
	e.storeUps(memAt(RDI, 0), X14)
	e.aluRI(aluAdd, 8, RSI, 16)
	e.aluRI(aluAdd, 8, RDI, 16)
	e.aluRI(aluSub, 8, scratchB, 16)
	e.aluRI(aluCmp, 8, scratchB, 16)
	e.patch32(e.jcc32(ccA), loop)
	e.storeUps(memAt(scratchC, 0), X15)
}

// copyBackward copies RCX > 16 bytes from [RSI] to [RDI], highest first,
// sixteen at a time; the first sixteen are loaded first and stored last.
func (fe *funcEmitter) copyBackward() {
	e := fe.e
	at := func(base reg) mem { return mem{base: base, index: int(scratchB), scale: 1} }
	e.loadUps(X15, memAt(RSI, 0))
	loop := len(e.b)
	e.aluRI(aluSub, 8, scratchB, 16)
	e.loadUps(X14, at(RSI))
	e.storeUps(at(RDI), X14)
	e.aluRI(aluCmp, 8, scratchB, 16)
	e.patch32(e.jcc32(ccA), loop)
	e.storeUps(memAt(RDI, 0), X15)
}

// memoryFill: memory.fill with dst a, byte value b, length c: the byte
// repeated in a word (and a vector) stored at both ends of short ranges,
// sixteen bytes at a time (the last sixteen stored first) up to
// repThreshold, rep stosb from there.
func (fe *funcEmitter) memoryFill(m *mach.Instr) {
	e := fe.e
	fe.operands32(m.A, m.B, m.C) // RAX dst, RDX value, RCX length
	e.push(RDI)
	fe.checkRange(scratchA, RDI, RDI)
	e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
	e.aluRI(aluAnd, 4, scratchC, 0xFF)
	e.movRI(8, scratchA, 0x0101010101010101)
	e.imulRR(8, scratchA, scratchC) // the byte in all eight bytes
	var done []int
	e.aluRI(aluCmp, 8, scratchB, 16)
	long := e.jcc32(ccA)
	for _, size := range []int32{8, 4, 2} {
		e.aluRI(aluCmp, 4, scratchB, size)
		next := e.jcc32(ccB)
		first, last := bothEnds(RDI, size)
		e.store(uint8(size), first, scratchA)
		e.store(uint8(size), last, scratchA)
		done = append(done, e.jmp32())
		e.patch32(next, len(e.b))
	}
	e.test(4, scratchB, scratchB)
	done = append(done, e.jcc32(ccE))
	e.store(1, memAt(RDI, 0), scratchA)
	done = append(done, e.jmp32())
	e.patch32(long, len(e.b))
	e.aluRI(aluCmp, 8, scratchB, repThreshold)
	rep := e.jcc32(ccAE)
	e.movGtoX(8, X15, scratchA)
	e.sseRR(0x66, false, 0x6C, X15, X15) // punpcklqdq: the word in both halves
	_, tail := bothEnds(RDI, 16)
	e.storeUps(tail, X15)
	loop := len(e.b)
	e.storeUps(memAt(RDI, 0), X15)
	e.aluRI(aluAdd, 8, RDI, 16)
	e.aluRI(aluSub, 8, scratchB, 16)
	e.aluRI(aluCmp, 8, scratchB, 16)
	e.patch32(e.jcc32(ccA), loop)
	done = append(done, e.jmp32())
	e.patch32(rep, len(e.b))
	e.repStosb()
	for _, j := range done {
		e.patch32(j, len(e.b))
	}
	e.pop(RDI)
}
