package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// simdMemory emits the SIMD memory accesses other than whole v128 loads
// and stores (mach.OpVmem): the checked offset goes to scratchA, then
// one load (ldr s/d, which clear the rest of the register, for the
// zero-filling and extending loads) or a single-structure load or store
// on the full address (ld1r, ld1, st1 take no offset).
func (fe *funcEmitter) simdMemory(m *mach.Instr) {
	e := fe.e
	size := int(m.Acc.Size())
	fe.checkedAddress(m, int64(size))
	switch m.Sub {
	case ssa.OpVloadZero, ssa.OpVloadSextend, ssa.OpVloadUextend:
		d := fe.def(m.Dst)
		op := ldrD
		if size == 4 {
			op = ldrS
		}
		e.ldstReg(op, d, RegMemoryBase, scratchA, extUXTX)
		lb := laneBytes(m.Shape)
		switch m.Sub {
		case ssa.OpVloadSextend:
			e.shiftLeft(vSshll, halfArr(lb/2), d, d, 0)
		case ssa.OpVloadUextend:
			e.shiftLeft(vUshll, halfArr(lb/2), d, d, 0)
		}
		fe.finish(m.Dst, d)
		return
	}
	e.addReg(opAdd, 8, scratchA, RegMemoryBase, scratchA, 0)
	lane := int(m.Imm2)
	switch m.Sub {
	case ssa.OpVloadSplat:
		d := fe.def(m.Dst)
		e.ld1r(fullArr(size), d, scratchA)
		fe.finish(m.Dst, d)
	case ssa.OpVloadLane:
		d, x := fe.def(m.Dst), fe.use(m.B, scratchB)
		if d != x {
			e.vmov(d, x)
		}
		e.ld1Lane(size, d, lane, scratchA)
		fe.finish(m.Dst, d)
	case ssa.OpVstoreLane:
		e.st1Lane(size, fe.use(m.B, scratchB), lane, scratchA)
	}
}
