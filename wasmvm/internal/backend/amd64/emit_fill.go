package amd64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// memoryFill: memory.fill with dst a, byte value b, length c: the byte
// repeated in a word stored at both ends of ranges up to 16 bytes, in a
// vector at both ends up to 32, w (bulkWidth) bytes at a time to aligned
// addresses (after both ends) up to repFillThreshold, rep stosb from
// there.
func (fe *funcEmitter) memoryFill(m *mach.Instr) {
	e := fe.e
	w := fe.bulkWidth()
	if m.InBounds {
		// The destination's register holds it zero-extended: RDI is the
		// memory base plus that register, set after the value and the
		// length are read (either may be in RDI).
		ra := fe.use(m.A, scratchA)
		e.movRR(4, RDX, fe.use(m.B, RDX))
		if rc := fe.use(m.C, scratchB); rc != scratchB {
			e.movRR(4, scratchB, rc)
		}
		e.push(RDI)
		e.lea(RDI, mem{base: RegMemoryBase, index: int(ra), scale: 1})
	} else {
		fe.operands32(m.A, m.B, m.C) // RAX dst, RDX value, RCX length
		e.push(RDI)
		fe.checkRange(scratchA, RDI, RDI)
		e.lea(RDI, mem{base: RegMemoryBase, index: int(scratchA), scale: 1})
	}
	e.aluRI(aluAnd, 4, RDX, 0xFF)
	e.movRI(8, scratchA, 0x0101010101010101)
	e.imulRR(8, scratchA, RDX) // the byte in all eight bytes
	var done labels
	e.aluRI(aluCmp, 8, scratchB, 16)
	long := e.jcc32(ccA)
	for _, size := range []int32{8, 4, 2} {
		e.aluRI(aluCmp, 4, scratchB, size)
		next := e.jcc32(ccB)
		first, last := ends(RDI, size)
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
	e.aluRI(aluCmp, 8, scratchB, repFillThreshold)
	rep := e.jcc32(ccAE)
	e.movGtoX(8, X15, scratchA)
	e.sseRR(0x66, false, 0x6C, X15, X15) // punpcklqdq: the word in both halves
	e.aluRI(aluCmp, 8, scratchB, 32)
	vector := e.jcc32(ccA)
	first, last := ends(RDI, 16)
	e.storeUps(first, X15)
	e.storeUps(last, X15)
	done = append(done, e.jmp32())
	e.patch32(vector, len(e.b))
	if w == 32 {
		e.vexRRR(yPbroadcastq, X15, 0, X15)
	}
	fe.fillVectors(w)
	if w == 32 {
		e.vzeroupper()
	}
	done = append(done, e.jmp32())
	e.patch32(rep, len(e.b))
	e.repStosb()
	done.here(e)
	e.pop(RDI)
}

// fillVectors stores X15 over the RCX > 32 bytes at RDI: at both ends,
// then w bytes at a time to aligned addresses in between.
func (fe *funcEmitter) fillVectors(w int32) {
	e := fe.e
	first, last := ends(RDI, w)
	fe.vstore(w, first, X15)
	fe.vstore(w, last, X15)
	e.lea(scratchA, mem{base: RDI, index: int(scratchB), scale: 1}) // the end
	fe.alignUp(RDI, w)
	e.movRR(8, scratchB, scratchA)
	e.aluRR(aluSub, 8, scratchB, RDI) // the aligned part and the tail
	fe.vectorLoop(w, func() {
		for i := int32(0); i < 4; i++ {
			fe.vstore(w, memAt(RDI, i*w), X15)
		}
		e.aluRI(aluAdd, 8, RDI, 4*w)
		e.aluRI(aluSub, 8, scratchB, 4*w)
	}, func(i int32) { fe.vstore(w, memAt(RDI, (i-1)*w), X15) }) // the last w bytes are stored already
}
