package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// memory.copy and memory.fill run inline: bounds checks (in both memory
// modes, as the operation must not start when any byte is out of range),
// then, up to 32 bytes, two pieces from both ends of the range; beyond,
// the first and the last 16 bytes loaded first and stored last around a
// loop of 64 bytes (four Q registers) to aligned destinations.
// Registers: scratchC = destination, tmp = source or value, scratchA =
// length, scratchB = the memory's length and then a temporary; V30 and
// V31 hold the ends, V29 the vectors of the loops.

// Vector-register forms of single bytes and halfwords.
var (
	ldrBv = memOp{size: 1, opc: 1, vector: true}
	strBv = memOp{size: 1, opc: 0, vector: true}
	ldrHv = memOp{size: 2, opc: 1, vector: true}
	strHv = memOp{size: 2, opc: 0, vector: true}
)

// shortOps are the loads and stores of the pieces of a short copy, by
// size.
var shortOps = []struct {
	size        int64
	load, store memOp
}{{16, ldrQ, strQ}, {8, ldrD, strD}, {4, ldrS, strS}, {2, ldrHv, strHv}}

// bulkOperands loads the three i32 operands zero-extended into scratchC,
// tmp and scratchA, and checks that the length and both ranges fit the
// memory (second is a range start only for memory.copy) unless the
// operation is marked in bounds.
func (fe *funcEmitter) bulkOperands(a, b, c regalloc.VReg, secondIsAddress, inBounds bool) {
	e := fe.e
	e.mov(4, scratchC, fe.use(a, scratchC))
	e.mov(4, tmp, fe.use(b, tmp))
	e.mov(4, scratchA, fe.use(c, scratchA))
	if inBounds {
		e.addReg(opAdd, 8, scratchC, scratchC, RegMemoryBase, 0)
		return
	}
	e.ldst(ldrX, scratchB, RegInstanceContext, exec.OffsetMemLen)
	e.addReg(opSubs, 8, XZR, scratchA, scratchB, 0)
	fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.bcond(condHI))
	e.addReg(opSub, 8, scratchB, scratchB, scratchA, 0) // highest start
	e.addReg(opSubs, 8, XZR, scratchC, scratchB, 0)
	fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.bcond(condHI))
	if secondIsAddress {
		e.addReg(opSubs, 8, XZR, tmp, scratchB, 0)
		fe.trapBranch(ssa.TrapMemoryOutOfBounds, e.bcond(condHI))
	}
	e.addReg(opAdd, 8, scratchC, scratchC, RegMemoryBase, 0)
}

// alignUp16 rounds r up to a multiple of 16.
func (fe *funcEmitter) alignUp16(r reg) {
	fe.e.addImm(opAdd, 8, r, r, 15)
	fe.alignDown16(r, r)
}

// alignDown16 sets d to n rounded down to a multiple of 16.
func (fe *funcEmitter) alignDown16(d, n reg) {
	nb, r, s, _ := bitmask(^uint64(15), 8)
	fe.e.logicImm(opAnd, 8, d, n, nb, r, s)
}

// compareRegs emits cmp a, b (64-bit).
func (fe *funcEmitter) compareRegs(a, b reg) { fe.e.addReg(opSubs, 8, XZR, a, b, 0) }

// memoryCopy copies forward when the destination is below the source or
// apart from it and backward otherwise, so overlapping ranges copy as if
// through a buffer; up to 32 bytes both ends are loaded before either is
// stored, which is right for any overlap. A copy onto itself moves
// nothing. A copy marked mach.CopyForward goes forward without the test.
func (fe *funcEmitter) memoryCopy(m *mach.Instr) {
	e := fe.e
	fe.bulkOperands(m.A, m.B, m.C, true, m.InBounds)
	e.addReg(opAdd, 8, tmp, tmp, RegMemoryBase, 0)
	e.addImm(opSubs, 8, XZR, scratchA, 32)
	long := e.bcond(condHI)
	done := fe.copyShort()
	fe.patchHere(long)
	if m.Imm == mach.CopyForward {
		// A copy loop's, whose checks showed a forward copy right.
		fe.copyForward()
	} else {
		e.addReg(opSub, 8, scratchB, scratchC, tmp, 0) // dst - src
		done = append(done, e.cbz(8, scratchB))
		e.addReg(opSubs, 8, XZR, scratchB, scratchA, 0)
		backward := e.bcond(condLO)
		fe.copyForward()
		done = append(done, e.branch())
		fe.patchHere(backward)
		fe.copyBackward()
	}
	for _, j := range done {
		fe.patchHere(j)
	}
}

// copyShort copies up to 32 bytes by loading a piece from each end (of
// the largest size that fits, overlapping in the middle) before storing
// them, and returns the branches to the end.
func (fe *funcEmitter) copyShort() (done []int) {
	e := fe.e
	first, last := v(30), v(31)
	for _, o := range shortOps {
		e.addImm(opSubs, 8, XZR, scratchA, uint32(o.size))
		next := e.bcond(condLO)
		e.ldst(o.load, first, tmp, 0)
		e.addReg(opAdd, 8, scratchB, tmp, scratchA, 0)
		e.ldstUnscaled(o.load, last, scratchB, -o.size)
		e.ldst(o.store, first, scratchC, 0)
		e.addReg(opAdd, 8, scratchB, scratchC, scratchA, 0)
		e.ldstUnscaled(o.store, last, scratchB, -o.size)
		done = append(done, e.branch())
		fe.patchHere(next)
	}
	done = append(done, e.cbz(8, scratchA))
	e.ldst(ldrBv, first, tmp, 0)
	e.ldst(strBv, first, scratchC, 0)
	return append(done, e.branch())
}

// copyForward copies more than 32 bytes lowest first, 16 at a time to
// aligned destinations, each loaded before the next is stored (right when
// the destination is below the source or apart from it); the first and
// the last 16 bytes are loaded first and stored last. The source is
// addressed as the destination plus their distance, held in tmp, so each
// move is a load and a post-indexed store.
func (fe *funcEmitter) copyForward() {
	e := fe.e
	head, tail, v29 := v(30), v(31), v(29)
	e.ldst(ldrQ, head, tmp, 0)
	e.addReg(opAdd, 8, scratchB, tmp, scratchA, 0)
	e.ldstUnscaled(ldrQ, tail, scratchB, -16)
	e.addReg(opSub, 8, tmp, tmp, scratchC, 0)           // src - dst
	e.addReg(opAdd, 8, scratchA, scratchC, scratchA, 0) // the end
	e.addImm(opSub, 8, scratchA, scratchA, 64)          // the loop's limit
	e.mov(8, scratchB, scratchC)                        // the start
	fe.alignUp16(scratchC)
	move := func() {
		e.ldstReg(ldrQ, v29, scratchC, tmp, extUXTX)
		e.ldstIndexed(strQ, v29, scratchC, 16, false)
	}
	for _, j := range fe.vectorLoop(condHS, 48, move) { // to the end - 16
		fe.patchHere(j)
	}
	e.ldst(strQ, tail, scratchA, 0)
	e.ldst(strQ, head, scratchB, 0)
}

// vectorLoop emits: while scratchC and scratchA do not compare as exit {
// move four times }; then it adds adjust to scratchA and moves up to three
// more times while they do not, and returns the branches out.
func (fe *funcEmitter) vectorLoop(exit cond, adjust int32, move func()) (out []int) {
	e := fe.e
	top := e.pos()
	fe.compareRegs(scratchC, scratchA)
	loopExit := e.bcond(exit)
	for i := 0; i < 4; i++ {
		move()
	}
	e.patchBranch(e.branch(), top)
	fe.patchHere(loopExit)
	if adjust >= 0 {
		e.addImm(opAdd, 8, scratchA, scratchA, uint32(adjust))
	} else {
		e.addImm(opSub, 8, scratchA, scratchA, uint32(-adjust))
	}
	for i := 0; i < 3; i++ {
		fe.compareRegs(scratchC, scratchA)
		out = append(out, e.bcond(exit))
		move()
	}
	return out
}

// copyBackward copies more than 32 bytes highest first, 16 at a time to
// aligned destinations, each loaded before the next lower one is stored
// (right when the destination is above the source); the first and the
// last 16 bytes are loaded first and stored last. Each move is a load
// from the destination plus the distance less 16 and a pre-indexed store.
func (fe *funcEmitter) copyBackward() {
	e := fe.e
	head, tail, v29 := v(30), v(31), v(29)
	e.addReg(opAdd, 8, scratchB, tmp, scratchA, 0)
	e.ldstUnscaled(ldrQ, tail, scratchB, -16)
	e.ldst(ldrQ, head, tmp, 0)
	e.addReg(opSub, 8, tmp, tmp, scratchC, 0) // src - dst
	e.addImm(opSub, 8, tmp, tmp, 16)
	e.addReg(opAdd, 8, scratchB, scratchC, scratchA, 0) // the end
	e.addImm(opAdd, 8, scratchA, scratchC, 64)          // the loop's limit
	fe.alignDown16(scratchC, scratchB)
	move := func() {
		e.ldstReg(ldrQ, v29, scratchC, tmp, extUXTX)
		e.ldstIndexed(strQ, v29, scratchC, -16, true)
	}
	for _, j := range fe.vectorLoop(condLS, -48, move) { // to the start + 16
		fe.patchHere(j)
	}
	e.ldstUnscaled(strQ, tail, scratchB, -16)
	e.ldstUnscaled(strQ, head, scratchA, -16)
}

// memoryFill stores the byte value replicated: up to 32 bytes as two
// pieces at both ends of the range, beyond as 16 bytes at both ends and
// 64 at a time to aligned addresses in between.
func (fe *funcEmitter) memoryFill(m *mach.Instr) {
	e := fe.e
	fe.bulkOperands(m.A, m.B, m.C, false, m.InBounds)
	nb, r, s, _ := bitmask(0xFF, 8)
	e.logicImm(opAnd, 8, tmp, tmp, nb, r, s)
	e.movImm(8, scratchB, 0x0101010101010101)
	e.madd(8, tmp, tmp, scratchB, XZR)
	v31 := v(31)
	e.dupGen(arr2D, v31, tmp)
	e.addImm(opSubs, 8, XZR, scratchA, 32)
	long := e.bcond(condHI)
	var done []int
	for _, o := range []struct {
		size  int64
		store memOp
		from  reg
	}{{16, strQ, v31}, {8, strX, tmp}, {4, strW, tmp}, {2, strH, tmp}} {
		e.addImm(opSubs, 8, XZR, scratchA, uint32(o.size))
		next := e.bcond(condLO)
		e.ldst(o.store, o.from, scratchC, 0)
		e.addReg(opAdd, 8, scratchB, scratchC, scratchA, 0)
		e.ldstUnscaled(o.store, o.from, scratchB, -o.size)
		done = append(done, e.branch())
		fe.patchHere(next)
	}
	done = append(done, e.cbz(8, scratchA))
	e.ldst(strB, tmp, scratchC, 0)
	done = append(done, e.branch())
	fe.patchHere(long)
	e.ldst(strQ, v31, scratchC, 0)
	e.addReg(opAdd, 8, scratchB, scratchC, scratchA, 0) // the end
	e.ldstUnscaled(strQ, v31, scratchB, -16)
	e.addImm(opSub, 8, scratchA, scratchB, 64) // the loop's limit
	fe.alignUp16(scratchC)
	store := func() { e.ldstIndexed(strQ, v31, scratchC, 16, false) }
	done = append(done, fe.vectorLoop(condHS, 48, store)...) // to the end - 16, stored already
	for _, j := range done {
		fe.patchHere(j)
	}
}
