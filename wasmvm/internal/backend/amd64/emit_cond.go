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

// keepFlags extends both claims about the flags (cond, and flags: the
// zero and sign of a register) over code emitted from start on that
// leaves the flags alone and writes only the registers of dsts and the
// scratch registers: the flags still describe the register flags names
// unless that code wrote it.
func (fe *funcEmitter) keepFlags(start int, dsts ...regalloc.VReg) {
	fe.keepCond(start)
	f := &fe.flags
	if f.end != start || f.r == scratchA || f.r == scratchB {
		return
	}
	for _, v := range dsts {
		if l := fe.Res.Locations[v]; v != mach.NoVReg && !l.Spilled && l.Reg == f.r {
			return
		}
	}
	f.end = len(fe.e.b)
}

// condOf returns the condition code that holds where integer virtual
// register v is not zero, when the flags still hold the comparison v
// was set from.
func (fe *funcEmitter) condOf(v regalloc.VReg) (byte, bool) { return fe.cond.Of(v, len(fe.e.b)) }

// selectStart begins select m (dst = c != 0 ? a : b) into register d:
// d = b, and the flags set so that the returned condition code holds
// where c is not zero, from the comparison c was set from while the
// flags still hold it, else by testing c unless the instruction that
// computed c set them.
func (fe *funcEmitter) selectStart(m *mach.Instr, d reg) byte {
	if cc, ok := fe.condOf(m.C); ok {
		fe.moveTo(d, m.B) // moves and loads leave the flags alone
		return cc
	}
	// The test comes first, so that c can go through scratchB, which a
	// spilled a takes after it (moves leave the flags alone); it is left
	// out where the instruction that computed c set the flags.
	fe.testZero(4, fe.use(m.C, scratchB))
	fe.moveTo(d, m.B)
	return ccNE
}
