package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// The bulk memory operations run inline with the string instructions,
// which want RDI, RSI and RCX: RCX is a scratch register, RDI and RSI are
// allocatable and are pushed around the operation; RDX, which they use
// too, is clobbered (clobbers). Both ranges are checked
// before anything is written, as the specification requires, in either
// memory mode (a length reaches past any guard region), unless the
// operation is marked in bounds (a copy loop's, checked before it). Short ranges move
// as two overlapping pieces, one from each end; long ones in a loop of
// vectors (YMM where AVX2 may be used, XMM otherwise) with aligned stores
// and the two ends stored last; the longest, where the string
// instructions run at full speed, with rep movsb and rep stosb.

// operands32 loads three 32-bit operands, zero-extended, into RAX, RDX
// and RCX (scratch registers and RDX, which the bulk operations clobber:
// none holds an operand, so no operand is overwritten before it is read).
func (fe *funcEmitter) operands32(a, b, c regalloc.VReg) {
	e := fe.e
	e.movRR(4, scratchA, fe.use(a, scratchA))
	e.movRR(4, RDX, fe.use(b, RDX))
	e.movRR(4, scratchB, fe.use(c, scratchB))
}

// pointers pushes RSI and RDI and points them at the destination a and
// the source b of an in-bounds copy (RegMemoryBase plus each operand's
// register, which holds the i32 zero-extended), and sets RCX to the length
// c. Either address is computed first, whichever does not overwrite the
// other's operand; when each operand is in the other's register, the
// destination goes through scratchA. The length is read first, as it may
// be in either.
func (fe *funcEmitter) pointers(a, b, c regalloc.VReg) {
	e := fe.e
	ra, rb := fe.use(a, scratchA), fe.use(b, RDX)
	if rc := fe.use(c, scratchB); rc != scratchB {
		e.movRR(4, scratchB, rc) // first: c may be in RSI or RDI
	}
	e.push(RSI)
	e.push(RDI)
	at := func(r reg) mem { return mem{base: RegMemoryBase, index: int(r), scale: 1} }
	switch {
	case rb != RDI:
		e.lea(RDI, at(ra))
		e.lea(RSI, at(rb))
	case ra != RSI:
		e.lea(RSI, at(rb))
		e.lea(RDI, at(ra))
	default:
		e.lea(scratchA, at(ra))
		e.lea(RSI, at(rb))
		e.movRR(8, RDI, scratchA)
	}
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

// Thresholds of the bulk operations, measured on this project's host
// (Sapphire Rapids class; see RATIONALE.md, "Why are memory.copy and
// memory.fill inline?").
const (
	// repCopyThreshold is the length from which a forward copy uses rep
	// movsb, when the source is at least repMinDistance bytes above the
	// destination (or anywhere below it: the ranges do not overlap).
	// Below it the vector loop is faster; closer sources take rep movsb
	// off its fast path (a byte or so per cycle).
	repCopyThreshold = 8192
	repMinDistance   = 64
	// repFillThreshold is the length from which memory.fill is rep
	// stosb.
	repFillThreshold = 8192
)

// bulkWidth is the width in bytes of the vectors the long paths move: 32
// (YMM) where the code may use AVX2, else 16.
func (fe *funcEmitter) bulkWidth() int32 {
	if fe.avx2() {
		return 32
	}
	return 16
}

// vload and vstore move w (16 or 32) bytes, unaligned, between memory and
// a vector register.
func (fe *funcEmitter) vload(w int32, x reg, m mem) {
	if w == 32 {
		fe.e.vexRM(yMovdquLoad, x, 0, m)
		return
	}
	fe.e.loadUps(x, m)
}

func (fe *funcEmitter) vstore(w int32, m mem, x reg) {
	if w == 32 {
		fe.e.vexRM(yMovdquStore, x, 0, m)
		return
	}
	fe.e.storeUps(m, x)
}

// alignUp sets r to the first multiple of w at or above it.
func (fe *funcEmitter) alignUp(r reg, w int32) {
	fe.e.aluRI(aluAdd, 8, r, w-1)
	fe.e.aluRI(aluAnd, 8, r, -w)
}

// ends returns the operands of the first and the last size bytes of a
// range of RCX bytes at base.
func ends(base reg, size int32) (first, last mem) {
	return memAt(base, 0), mem{base: base, index: int(scratchB), scale: 1, disp: -size}
}

// labels collects forward jumps to one place.
type labels []int

// here patches every jump collected to the current position.
func (l labels) here(e *buf) {
	for _, j := range l {
		e.patch32(j, len(e.b))
	}
}

// memoryCopy: memory.copy with dst a, src b, length c; overlapping ranges
// copy as if through a buffer. Up to two vectors, both ends of the range
// are loaded before anything is stored, which is right for any overlap.
// Longer copies go forwards unless the destination is above the source
// and within reach (copyForward, copyBackward); a forward copy from
// repCopyThreshold bytes whose source is not just above the destination
// is rep movsb. A copy onto itself moves nothing.
func (fe *funcEmitter) memoryCopy(m *mach.Instr) {
	e := fe.e
	w := fe.bulkWidth()
	if m.InBounds {
		fe.pointers(m.A, m.B, m.C) // RDI dst, RSI src, RCX length
	} else {
		fe.operands32(m.A, m.B, m.C) // RAX dst, RDX src, RCX length
		e.push(RSI)
		e.push(RDI)
		fe.checkRange(scratchA, RSI, RSI, RDI)
		fe.checkRange(RDX, RSI, RSI, RDI)
		e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
		e.lea(RSI, mem{base: RegMemoryBase, index: int(RDX), scale: 1})
	}
	e.aluRI(aluCmp, 8, scratchB, 2*w)
	long := e.jcc32(ccA)
	done, vecDone := fe.copyShort(w)
	e.patch32(long, len(e.b))
	backward := -1
	if m.Imm != mach.CopyForward {
		// Backwards when 0 < dst-src < length.
		e.movRR(8, scratchA, RDI)
		e.aluRR(aluSub, 8, scratchA, RSI)
		done = append(done, e.jcc32(ccE))
		e.aluRR(aluCmp, 8, scratchA, scratchB)
		backward = e.jcc32(ccB)
	}
	e.aluRI(aluCmp, 8, scratchB, repCopyThreshold)
	rep := e.jcc32(ccAE)
	vector := len(e.b)
	fe.copyForward(w)
	vecDone = append(vecDone, e.jmp32())
	e.patch32(rep, len(e.b))
	e.movRR(8, scratchA, RSI)
	e.aluRR(aluSub, 8, scratchA, RDI)
	e.aluRI(aluCmp, 8, scratchA, repMinDistance)
	e.patch32(e.jcc32(ccB), vector)
	e.repMovsb()
	done = append(done, e.jmp32())
	if backward >= 0 {
		e.patch32(backward, len(e.b))
		fe.copyBackward(w)
	}
	vecDone.here(e)
	if w == 32 {
		e.vzeroupper()
	}
	done.here(e)
	e.pop(RDI)
	e.pop(RSI)
}

// copyShort copies RCX <= 2w bytes from [RSI] to [RDI] by loading both
// ends (two moves of the largest size that fits, overlapping in the
// middle) before storing them. It returns the jumps to the end, those
// from YMM code apart.
func (fe *funcEmitter) copyShort(w int32) (done, vecDone labels) {
	e := fe.e
	sizes := []int32{16, 8, 4, 2}
	if w == 32 {
		sizes = append([]int32{32}, sizes...)
	}
	for _, size := range sizes {
		e.aluRI(aluCmp, 4, scratchB, size)
		next := e.jcc32(ccB)
		from, fromLast := ends(RSI, size)
		to, toLast := ends(RDI, size)
		switch size {
		case 32, 16:
			fe.vload(size, X14, from)
			fe.vload(size, X15, fromLast)
			fe.vstore(size, to, X14)
			fe.vstore(size, toLast, X15)
		case 8, 4:
			e.load(uint8(size), scratchA, from)
			e.load(uint8(size), RDX, fromLast)
			e.store(uint8(size), to, scratchA)
			e.store(uint8(size), toLast, RDX)
		case 2:
			e.loadExt(4, scratchA, from, 2, false)
			e.loadExt(4, RDX, fromLast, 2, false)
			e.store(2, to, scratchA)
			e.store(2, toLast, RDX)
		}
		if size == 32 {
			vecDone = append(vecDone, e.jmp32())
		} else {
			done = append(done, e.jmp32())
		}
		e.patch32(next, len(e.b))
	}
	e.test(4, scratchB, scratchB)
	done = append(done, e.jcc32(ccE))
	e.loadExt(4, scratchA, memAt(RSI, 0), 1, false)
	e.store(1, memAt(RDI, 0), scratchA)
	return append(done, e.jmp32()), vecDone
}

// copyForward copies RCX > 2w bytes from [RSI] to [RDI], lowest first, w
// at a time to aligned destinations; the first and the last w bytes are
// loaded first and stored last. Each vector is loaded before the next
// lower one is stored, which is right when the destination is below the
// source or apart from it.
func (fe *funcEmitter) copyForward(w int32) {
	e := fe.e
	first, last := ends(RSI, w)
	fe.vload(w, X14, first)
	fe.vload(w, X15, last)
	e.lea(scratchA, mem{base: RDI, index: int(scratchB), scale: 1}) // the end
	e.movRR(8, RDX, RDI)                                            // the start
	fe.alignUp(RDI, w)
	e.aluRR(aluSub, 8, RSI, RDX)
	e.aluRR(aluAdd, 8, RSI, RDI)
	e.movRR(8, scratchB, scratchA)
	e.aluRR(aluSub, 8, scratchB, RDI) // more than w bytes left
	move := func(disp int32) {
		fe.vload(w, X13, memAt(RSI, disp))
		fe.vstore(w, memAt(RDI, disp), X13)
	}
	fe.vectorLoop(w, func() {
		for i := int32(0); i < 4; i++ {
			move(i * w)
		}
		e.aluRI(aluAdd, 8, RSI, 4*w)
		e.aluRI(aluAdd, 8, RDI, 4*w)
		e.aluRI(aluSub, 8, scratchB, 4*w)
	}, func(i int32) { move((i - 1) * w) }) // the last w bytes are X15's
	fe.vstore(w, memAt(scratchA, -w), X15)
	fe.vstore(w, memAt(RDX, 0), X14)
}

// copyBackward copies RCX > 2w bytes from [RSI] to [RDI], highest first,
// w at a time to aligned destinations; the first and the last w bytes are
// loaded first and stored last. Each vector is loaded before the next
// higher one is stored, which is right when the destination is above the
// source.
func (fe *funcEmitter) copyBackward(w int32) {
	e := fe.e
	first, last := ends(RSI, w)
	fe.vload(w, X14, last)
	fe.vload(w, X15, first)
	e.lea(scratchA, mem{base: RDI, index: int(scratchB), scale: 1}) // the end
	e.movRR(8, scratchB, scratchA)
	e.aluRI(aluAnd, 8, scratchB, -w)
	e.aluRR(aluSub, 8, scratchB, RDI) // bytes below the aligned end, more than w
	at := func(base reg, disp int32) mem {
		return mem{base: base, index: int(scratchB), scale: 1, disp: disp}
	}
	move := func(disp int32) {
		fe.vload(w, X13, at(RSI, disp))
		fe.vstore(w, at(RDI, disp), X13)
	}
	fe.vectorLoop(w, func() {
		e.aluRI(aluSub, 8, scratchB, 4*w)
		for i := int32(3); i >= 0; i-- {
			move(i * w)
		}
	}, func(i int32) { move(-i * w) }) // the first w bytes are X15's
	fe.vstore(w, memAt(scratchA, -w), X14)
	fe.vstore(w, memAt(RDI, 0), X15)
}

// vectorLoop emits: while RCX > 4w { four() }, which moves 4w bytes and
// takes them off RCX; then one(i) for i = 1, 2, 3 while RCX > i*w.
func (fe *funcEmitter) vectorLoop(w int32, four func(), one func(i int32)) {
	e := fe.e
	e.aluRI(aluCmp, 8, scratchB, 4*w)
	rest := e.jcc32(ccBE)
	loop := len(e.b)
	four()
	e.aluRI(aluCmp, 8, scratchB, 4*w)
	e.patch32(e.jcc32(ccA), loop)
	e.patch32(rest, len(e.b))
	var end labels
	for i := int32(1); i <= 3; i++ {
		e.aluRI(aluCmp, 8, scratchB, i*w)
		end = append(end, e.jcc32(ccBE))
		one(i)
	}
	end.here(e)
}
