package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// setCond records that the flags decide v: v = 1 where cc holds
// (mach.CondFlags).
func (fe *funcEmitter) setCond(v regalloc.VReg, cc byte) {
	fe.cond = mach.CondFlags{V: v, Code: cc, End: len(fe.e.b)}
}

// keepCond extends the claim over code emitted from start on that leaves
// the flags alone.
func (fe *funcEmitter) keepCond(start int) { fe.cond.Keep(start, len(fe.e.b)) }

// condOf returns the condition code that holds where integer virtual
// register v is not zero, when the flags still hold the comparison v
// was set from.
func (fe *funcEmitter) condOf(v regalloc.VReg) (byte, bool) { return fe.cond.Of(v, len(fe.e.b)) }

// selectStart begins select m (dst = c != 0 ? a : b) into register d:
// d = b, and the flags set so that the returned condition code holds
// where c is not zero, from the comparison c was set from while the
// flags still hold it, else by testing c.
func (fe *funcEmitter) selectStart(m *mach.Instr, d reg) byte {
	if cc, ok := fe.condOf(m.C); ok {
		fe.moveTo(d, m.B) // moves and loads leave the flags alone
		return cc
	}
	c := fe.use(m.C, scratchC)
	fe.moveTo(d, m.B)
	fe.e.test(4, c, c)
	return ccNE
}
