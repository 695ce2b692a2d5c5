package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
)

// Encodings of the counter read.
const (
	isb          = 0xD5033FDF // isb: the counter is read after what precedes
	mrsCNTVCTEL0 = 0xD53BE040 // mrs xt, cntvct_el0 (| t)
	umulhBase    = 0x9BC07C00 // umulh xd, xn, xm (| m<<16 | n<<5 | d)
)

// counterClock reads clock m.A from the instance's exec.CounterClock:
//
//	ldr   x14, [x26, #Clock]
//	cbz   x14, none
//	cmp   wid, #1
//	b.hi  none              ; only the real-time and monotonic clocks
//	add   x14, x14, xid, lsl #5   ; &Clocks[id]
//	isb
//	mrs   x15, cntvct_el0
//	ldr   x16, [x14, #Base]
//	sub   x15, x15, x16
//	ldr   x16, [x14, #Mult]
//	mul   x17, x15, x16
//	umulh x15, x15, x16
//	extr  x15, x15, x17, #32      ; ticks * Mult >> 32 (32.32)
//	ldr   x16, [x14, #Offset]
//	add   dst, x15, x16
//	b     done
//	none: mov dst, #-1
//	done:
func (fe *funcEmitter) counterClock(m *mach.Instr) {
	e := fe.e
	id := fe.use(m.A, scratchA)
	e.ldst(ldrX, scratchC, RegInstanceContext, exec.OffsetClock)
	noClock := e.cbz(8, scratchC)
	e.addImm(opSubs, 4, XZR, id, 1)
	otherClock := e.bcond(condHI)
	e.addReg(opAdd, 8, scratchC, scratchC, id, 5)
	e.word(isb)
	e.word(mrsCNTVCTEL0 | rn(tmp))
	e.ldst(ldrX, scratchA, scratchC, exec.OffsetCounterBase)
	e.addReg(opSub, 8, tmp, tmp, scratchA, 0)
	e.ldst(ldrX, scratchA, scratchC, exec.OffsetCounterMult)
	e.madd(8, scratchB, tmp, scratchA, XZR)
	e.word(umulhBase | rn(scratchA)<<16 | rn(tmp)<<5 | rn(tmp))
	e.extr(8, tmp, tmp, scratchB, 32)
	e.ldst(ldrX, scratchA, scratchC, exec.OffsetCounterOffset)
	d := fe.def(m.Dst)
	e.addReg(opAdd, 8, d, tmp, scratchA, 0)
	done := e.branch()
	e.patchBranch(noClock, e.pos())
	e.patchBranch(otherClock, e.pos())
	e.movImm(8, d, -1)
	e.patchBranch(done, e.pos())
	fe.finish(m.Dst, d)
}
