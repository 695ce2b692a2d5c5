package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// memory.copy and memory.fill run inline: bounds checks (in both memory
// modes, as the operation must not start when any byte is out of range),
// then loops moving 16 bytes at a time through V31 and the rest byte by
// byte. Registers: scratchC = destination, tmp = source or value,
// scratchA = length, scratchB = the memory's length and loop temporary.

// bulkOperands loads the three i32 operands zero-extended into scratchC,
// tmp and scratchA, and checks that the length and both ranges fit the
// memory (second is a range start only for memory.copy).
func (fe *funcEmitter) bulkOperands(a, b, c regalloc.VReg, secondIsAddress bool) {
	e := fe.e
	e.mov(4, scratchC, fe.use(a, scratchC))
	e.mov(4, tmp, fe.use(b, tmp))
	e.mov(4, scratchA, fe.use(c, scratchA))
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

// loops emits: while length >= 16 { body16; length -= 16 }, then while
// length != 0 { body1; length-- }.
func (fe *funcEmitter) loops(body16, body1 func()) {
	e := fe.e
	top := e.pos()
	e.addImm(opSubs, 8, XZR, scratchA, 16)
	toBytes := e.bcond(condLO)
	body16()
	e.addImm(opSub, 8, scratchA, scratchA, 16)
	e.patchBranch(e.branch(), top)
	fe.patchHere(toBytes)
	top = e.pos()
	done := e.cbz(8, scratchA)
	body1()
	e.addImm(opSub, 8, scratchA, scratchA, 1)
	e.patchBranch(e.branch(), top)
	fe.patchHere(done)
}

// memoryCopy copies forward when the destination is below the source and
// backward otherwise, so overlapping ranges copy as if through a buffer.
func (fe *funcEmitter) memoryCopy(m *mach.Instr) {
	e := fe.e
	fe.bulkOperands(m.A, m.B, m.C, true)
	e.addReg(opAdd, 8, tmp, tmp, RegMemoryBase, 0)
	v31 := floatScratch(scratchA)
	e.addReg(opSubs, 8, XZR, scratchC, tmp, 0)
	backward := e.bcond(condHI)
	step := func(op, store memOp, n uint32, down bool) func() {
		return func() {
			if down {
				e.addImm(opSub, 8, tmp, tmp, n)
				e.addImm(opSub, 8, scratchC, scratchC, n)
			}
			e.ldst(op, v31, tmp, 0)
			e.ldst(store, v31, scratchC, 0)
			if !down {
				e.addImm(opAdd, 8, tmp, tmp, n)
				e.addImm(opAdd, 8, scratchC, scratchC, n)
			}
		}
	}
	ldrBv, strBv := memOp{size: 1, opc: 1, vector: true}, memOp{size: 1, opc: 0, vector: true}
	fe.loops(step(ldrQ, strQ, 16, false), step(ldrBv, strBv, 1, false))
	done := e.branch()
	fe.patchHere(backward)
	e.addReg(opAdd, 8, tmp, tmp, scratchA, 0)
	e.addReg(opAdd, 8, scratchC, scratchC, scratchA, 0)
	fe.loops(step(ldrQ, strQ, 16, true), step(ldrBv, strBv, 1, true))
	fe.patchHere(done)
}

// memoryFill stores the byte value replicated eight times, then bytes.
func (fe *funcEmitter) memoryFill(m *mach.Instr) {
	e := fe.e
	fe.bulkOperands(m.A, m.B, m.C, false)
	nb, r, s, _ := bitmask(0xFF, 8)
	e.logicImm(opAnd, 8, tmp, tmp, nb, r, s)
	e.movImm(8, scratchB, 0x0101010101010101)
	e.madd(8, tmp, tmp, scratchB, XZR)
	v31 := floatScratch(scratchA)
	e.dupGen(arr2D, v31, tmp)
	strBv := memOp{size: 1, opc: 0, vector: true}
	step := func(store memOp, n uint32) func() {
		return func() {
			e.ldst(store, v31, scratchC, 0)
			e.addImm(opAdd, 8, scratchC, scratchC, n)
		}
	}
	fe.loops(step(strQ, 16), step(strBv, 1))
}
