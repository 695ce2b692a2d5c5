package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// This file emits the SIMD operations that change lane widths or types:
// narrowing, extension, extended multiplication, pairwise addition, the
// dot product and the conversions between integer and float lanes.

// simdConvert emits the width- and type-changing operations.
func (fe *funcEmitter) simdConvert(m *mach.Instr) bool {
	e := fe.e
	lb := laneBytes(m.Shape)
	switch m.Sub {
	case ssa.OpVsnarrow, ssa.OpVunarrow, ssa.OpVsextend, ssa.OpVuextend, ssa.OpVsextmul,
		ssa.OpVuextmul, ssa.OpVsextaddPairwise, ssa.OpVuextaddPairwise, ssa.OpVdot:
	case ssa.OpVfcvtToSintSat, ssa.OpVfcvtToUintSat, ssa.OpVfcvtFromSint, ssa.OpVfcvtFromUint,
		ssa.OpVfdemote, ssa.OpVfpromote:
	default:
		return false
	}
	d, a, b, _ := fe.operands(m)
	// The source lanes of the widening operations: half as wide, from
	// the low (Q clear) or the high half.
	src := halfArr(lb / 2)
	if m.Imm == 1 {
		src = fullArr(lb / 2)
	}
	switch m.Sub {
	case ssa.OpVsnarrow, ssa.OpVunarrow:
		// The low half from a, then the high half from b; d is never b
		// (the operation does not commute and a spilled b is in V30).
		op := vSqxtn
		if m.Sub == ssa.OpVunarrow {
			op = vSqxtun
		}
		e.vec2(op, halfArr(lb), d, a)
		e.vec2(op, fullArr(lb), d, b)
	case ssa.OpVsextend:
		e.shiftLeft(vSshll, src, d, a, 0)
	case ssa.OpVuextend:
		e.shiftLeft(vUshll, src, d, a, 0)
	case ssa.OpVsextmul:
		e.vec3(vSmull, src, d, a, b)
	case ssa.OpVuextmul:
		e.vec3(vUmull, src, d, a, b)
	case ssa.OpVsextaddPairwise:
		e.vec2(vSaddlp, fullArr(lb/2), d, a)
	case ssa.OpVuextaddPairwise:
		e.vec2(vUaddlp, fullArr(lb/2), d, a)
	case ssa.OpVdot:
		// The products of the low and high halves, then the sums of
		// adjacent pairs.
		e.vec3(vSmull, arr4H, vtmp, a, b)
		e.vec3(vSmull, arr8H, d, a, b)
		e.vec3(vAddp, arr4S, d, vtmp, d)
	default:
		fe.convertLanes(m, d, a)
	}
	fe.finish(m.Dst, d)
	return true
}

// laneConversion is how a conversion between integer and float lanes is
// emitted: op converts four 32-bit or two 64-bit lanes; for f64x2,
// adjust narrows the 64-bit integer results with saturation (which also
// clears the upper lanes) or, with widenFirst, extends the two low
// 32-bit integer lanes before converting.
type laneConversion struct {
	op, adjust uint32
	widenFirst bool
}

var laneConversions = map[ssa.Op]laneConversion{
	ssa.OpVfcvtToSintSat: {op: vFcvtzs, adjust: vSqxtn},
	ssa.OpVfcvtToUintSat: {op: vFcvtzu, adjust: vUqxtn},
	ssa.OpVfcvtFromSint:  {op: vScvtf, adjust: vSshll, widenFirst: true},
	ssa.OpVfcvtFromUint:  {op: vUcvtf, adjust: vUshll, widenFirst: true},
}

// convertLanes emits the conversions between integer and float lanes
// and between float widths. fcvtzs and fcvtzu saturate and give 0 for
// NaN, as trunc_sat does.
func (fe *funcEmitter) convertLanes(m *mach.Instr, d, a reg) {
	e := fe.e
	switch m.Sub {
	case ssa.OpVfdemote:
		e.fcvtn(d, a)
		return
	case ssa.OpVfpromote:
		e.fcvtl(d, a)
		return
	}
	c := laneConversions[m.Sub]
	switch {
	case m.Shape != ssa.ShapeF64x2:
		e.vecf2(c.op, arr4S, d, a)
	case c.widenFirst:
		e.shiftLeft(c.adjust, arr2S, d, a, 0)
		e.vecf2(c.op, arr2D, d, d)
	default:
		e.vecf2(c.op, arr2D, d, a)
		e.vec2(c.adjust, arr2S, d, d)
	}
}
