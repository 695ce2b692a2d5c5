package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// compareSum ends a comparison sum (mach.OpCmpSet with c), whose
// comparison is emitted, into register d: dst = c + (a <cond> b) is cinc
// (csinc d, c, c on the negated condition), dst = c | (a <cond> b), c 0
// or 1, is csinc d, c, xzr on the negated condition (cond ? 1 : c). A
// load of a spilled c leaves the flags alone.
func (fe *funcEmitter) compareSum(m *mach.Instr, d reg) {
	c := fe.use(m.C, scratchC)
	cc := intCond(m.Cond).invert()
	if m.Sub == ssa.OpBor {
		fe.e.csinc(4, d, c, XZR, cc)
	} else {
		fe.e.csinc(mach.SizeOf(m.To), d, c, c, cc)
	}
	fe.finish(m.Dst, d)
}
