package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
)

// selectCmp emits a select that compares itself (mach.OpSelectCmp): the
// comparison (cmp, or fcmp, whose conditions already treat NaN as
// WebAssembly does) and one csel or fcsel on its flags.
//
//	cmp  a, b
//	csel d, c, d', cond
func (fe *funcEmitter) selectCmp(m *mach.Instr) {
	e := fe.e
	c := fe.compareCond(m)
	// Loads of spilled values leave the flags alone.
	d := fe.def(m.Dst)
	ifTrue, ifFalse := fe.use(m.C, scratchA), fe.use(m.D, scratchB)
	if mach.IsFloat(m.To) {
		e.fcsel(8, d, ifTrue, ifFalse, c)
	} else {
		e.csel(mach.SizeOf(m.To), d, ifTrue, ifFalse, c)
	}
	fe.finish(m.Dst, d)
}

// compareCond emits the comparison of a branch or select that compares
// itself (cmp, tst or fcmp) and returns the condition that holds where
// its condition does.
func (fe *funcEmitter) compareCond(m *mach.Instr) cond {
	if m.Float {
		fe.e.fcmp(m.Size, fe.use(m.A, scratchA), fe.use(m.B, scratchB))
		return floatCond(m.Cond)
	}
	fe.compare(m)
	return intCond(m.Cond)
}
