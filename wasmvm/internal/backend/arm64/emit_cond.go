package arm64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"

// selectCond returns the condition under which a select on c picks its
// first value: the code of the comparison c was set from (cset) while the
// flags still hold it (mach.CondFlags), else ne after comparing c with 0.
func (fe *funcEmitter) selectCond(c regalloc.VReg) cond {
	if cc, ok := fe.cond.Of(c, fe.e.pos()); ok {
		return cond(cc)
	}
	fe.e.addImm(opSubs, 4, XZR, fe.use(c, scratchC), 0)
	return condNE
}
