package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// SIMD operations between vectors and scalars: tests and masks, lane
// access, splats and byte permutations, and the SIMD memory forms.

// scalarResultVec emits the operations with a scalar result.
func (fe *funcEmitter) scalarResultVec(m *mach.Instr) bool {
	switch m.Sub {
	case ssa.OpVanyTrue, ssa.OpVallTrue, ssa.OpVbitmask, ssa.OpVextractLane, ssa.OpVextractLaneS:
	default:
		return false
	}
	e := fe.e
	s := m.Shape
	a := fe.use(m.A, scratchB)
	d := fe.def(m.Dst)
	lane := byte(m.Imm)
	switch m.Sub {
	case ssa.OpVanyTrue:
		e.vecRR(vPtest, a, a)
		e.setcc(ccNE, d)
	case ssa.OpVallTrue: // no lane equals zero
		e.vecRR(vPxor, vtmp, vtmp)
		e.vecRR(vPcmpeq.of(s), vtmp, a)
		e.vecRR(vPtest, vtmp, vtmp)
		e.setcc(ccE, d)
	case ssa.OpVbitmask:
		switch s {
		case ssa.ShapeI8x16:
			e.vecRR(vPmovmskb, d, a)
		case ssa.ShapeI16x8: // signed saturation keeps each sign
			fe.binary(vPacksswb, vtmp, a, a)
			e.vecRR(vPmovmskb, d, vtmp)
			e.aluRI(aluAnd, 4, d, 0xFF)
		case ssa.ShapeI32x4:
			e.vecRR(vMovmskps, d, a)
		default:
			e.vecRR(vMovmskpd, d, a)
		}
	default: // extract lane
		signed := m.Sub == ssa.OpVextractLaneS
		switch s {
		case ssa.ShapeI8x16:
			e.vecRRI(vPextrb, a, d, lane)
			if signed {
				e.extendRR(4, d, d, 8)
			}
		case ssa.ShapeI16x8:
			e.vecRRI(vPextrw, d, a, lane)
			if signed {
				e.extendRR(4, d, d, 16)
			}
		case ssa.ShapeI32x4:
			e.vecRRI(vPextrd, a, d, lane)
		case ssa.ShapeI64x2:
			e.vecRRI(vPextrq, a, d, lane)
		case ssa.ShapeF32x4: // the lane to lane 0, the others zeroed
			e.vecRRI(vInsertps, d, a, lane<<6|0x0E)
		default:
			if lane == 0 {
				e.vecRR(vMovqLoad, d, a)
			} else {
				e.vecRRI(vPshufd, d, a, 0xEE)
			}
		}
	}
	fe.finish(m.Dst, d)
	return true
}

// laneVec emits splats, lane replacement, shuffles and swizzles.
func (fe *funcEmitter) laneVec(m *mach.Instr) bool {
	switch m.Sub {
	case ssa.OpVsplat, ssa.OpVinsertLane, ssa.OpVshuffle, ssa.OpVswizzle:
	default:
		return false
	}
	s := m.Shape
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchB)
	switch m.Sub {
	case ssa.OpVsplat:
		fe.splatReg(s, d, a)
	case ssa.OpVinsertLane:
		// A general register through scratchB (a is a vector), or a
		// vector one through scratchX.
		scratch := scratchB
		if fe.isFloat(m.B) {
			scratch = scratchX
		}
		x := fe.use(m.B, scratch)
		lane := byte(m.Imm)
		switch s {
		case ssa.ShapeI8x16:
			fe.binaryImm(vPinsrb, d, a, x, lane)
		case ssa.ShapeI16x8:
			fe.binaryImm(vPinsrw, d, a, x, lane)
		case ssa.ShapeI32x4:
			fe.binaryImm(vPinsrd, d, a, x, lane)
		case ssa.ShapeI64x2:
			fe.binaryImm(vPinsrq, d, a, x, lane)
		case ssa.ShapeF32x4:
			fe.binaryImm(vInsertps, d, a, x, lane<<4)
		default:
			if lane == 0 {
				fe.binary(vMovsd, d, a, x)
			} else {
				fe.binary(vMovlhps, d, a, x)
			}
		}
	case ssa.OpVshuffle:
		fe.shuffle(m, d, a, fe.use(m.B, scratchX))
	case ssa.OpVswizzle:
		// pshufb zeroes a byte whose index has the top bit set: push
		// indices from 16 up there, saturating.
		b := fe.use(m.B, scratchX)
		fe.binaryConst(vPaddusb, vtmp2, b, splat16(ssa.ShapeI8x16, 0x70))
		fe.binary(vPshufb, d, a, vtmp2)
	}
	fe.finish(m.Dst, d)
	return true
}

// splatReg fills every lane of d with the scalar in x (a general
// register, or an XMM register for the float shapes).
func (fe *funcEmitter) splatReg(s ssa.Shape, d, x reg) {
	e := fe.e
	if (s == ssa.ShapeI8x16 || s == ssa.ShapeI16x8) && fe.avx2() {
		e.movGtoX(4, d, x)
		e.vexRRR(vPbroadcastOf[uint64(s.LaneBits()/8)], d, 0, d)
		return
	}
	switch s {
	case ssa.ShapeI8x16:
		e.movGtoX(4, d, x)
		e.vecRR(vPxor, vtmp, vtmp)
		e.vecRR(vPshufb, d, vtmp)
	case ssa.ShapeI16x8:
		e.movGtoX(4, d, x)
		e.vecRRI(vPshuflw, d, d, 0)
		e.vecRRI(vPshufd, d, d, 0)
	case ssa.ShapeI32x4:
		e.movGtoX(4, d, x)
		e.vecRRI(vPshufd, d, d, 0)
	case ssa.ShapeI64x2:
		e.movGtoX(8, d, x)
		e.vecRRI(vPshufd, d, d, 0x44)
	case ssa.ShapeF32x4:
		e.vecRRI(vPshufd, d, x, 0)
	default:
		e.vecRRI(vPshufd, d, x, 0x44)
	}
}

// laneAccess are pinsr and pextr by lane width in bytes.
var (
	pinsrOf = map[uint64]vop{1: vPinsrb, 2: vPinsrw, 4: vPinsrd, 8: vPinsrq}
	pextrOf = map[uint64]vop{1: vPextrb, 2: vPextrwM, 4: vPextrd, 8: vPextrq}
)

// vmem emits the SIMD memory forms.
func (fe *funcEmitter) vmem(m *mach.Instr) {
	e := fe.e
	addr := fe.linearAddress(m)
	size := m.Acc.Size()
	if m.Sub == ssa.OpVstoreLane {
		e.vecRMI(pextrOf[size], fe.use(m.B, scratchB), addr, byte(m.Imm2))
		return
	}
	d := fe.def(m.Dst)
	switch m.Sub {
	case ssa.OpVloadSplat:
		switch {
		case size <= 2 && fe.avx2():
			e.vexRM(vPbroadcastOf[size], d, 0, addr)
		case size == 4 && fe.avx():
			e.vexRM(vBroadcastss, d, 0, addr)
		case size == 8: // SSE3
			e.vecRM(vMovddup, d, addr)
		case size == 1:
			e.vecRMI(vPinsrb, d, addr, 0)
			e.vecRR(vPxor, vtmp, vtmp)
			e.vecRR(vPshufb, d, vtmp)
		case size == 2:
			e.vecRMI(vPinsrw, d, addr, 0)
			e.vecRRI(vPshuflw, d, d, 0)
			e.vecRRI(vPshufd, d, d, 0)
		default:
			e.vecRM(vMovss, d, addr)
			e.vecRRI(vPshufd, d, d, 0)
		}
	case ssa.OpVloadZero:
		if size == 4 {
			e.vecRM(vMovss, d, addr)
		} else {
			e.vecRM(vMovqLoad, d, addr)
		}
	case ssa.OpVloadSextend:
		e.vecRM(vPmovsx.of(m.Shape), d, addr)
	case ssa.OpVloadUextend:
		e.vecRM(vPmovzx.of(m.Shape), d, addr)
	case ssa.OpVloadLane:
		b := fe.use(m.B, scratchB)
		if fe.avx() {
			e.vexRM(pinsrOf[size], d, b, addr)
			e.byte1(byte(m.Imm2))
			break
		}
		fe.vmov(d, b)
		e.vecRMI(pinsrOf[size], d, addr, byte(m.Imm2))
	}
	fe.finish(m.Dst, d)
}
