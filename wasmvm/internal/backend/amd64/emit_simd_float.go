package amd64

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Float SIMD sequences: comparisons, WebAssembly min and max, and the
// conversions between lanes.

// cmpps predicates.
const (
	cmpEq    = 0
	cmpLt    = 1
	cmpLe    = 2
	cmpUnord = 3
	cmpNeq   = 4 // true on NaN, as WebAssembly's ne
)

// floatCompareVec emits d = a cond b per float lane.
func (fe *funcEmitter) floatCompareVec(c ssa.Cond, double bool, d, a, b reg) {
	cmp := psOrPd(double, 0xC2)
	x, y, pred := a, b, byte(cmpEq)
	switch c {
	case ssa.CondNe:
		pred = cmpNeq
	case ssa.CondFLt:
		pred = cmpLt
	case ssa.CondFLe:
		pred = cmpLe
	case ssa.CondFGt:
		x, y, pred = b, a, cmpLt
	case ssa.CondFGe:
		x, y, pred = b, a, cmpLe
	}
	fe.binaryImm(cmp, d, x, y, pred)
}

// minMax emits WebAssembly's min or max per lane: minps and maxps return
// their second operand for NaN or equal operands, so both orders are
// combined (or for min, so -0 wins; for max the difference of the two is
// taken back out, so +0 wins), and NaN lanes become canonical NaNs.
func (fe *funcEmitter) minMax(isMin, double bool, d, a, b reg) {
	e := fe.e
	op := byte(sseMax)
	if isMin {
		op = sseMin
	}
	fe.binary(psOrPd(double, op), vtmp, a, b)
	fe.binary(psOrPd(double, op), vtmp2, b, a)
	if isMin {
		e.vecRR(vOrps, vtmp, vtmp2)
	} else {
		e.vecRR(vXorps, vtmp2, vtmp)
		e.vecRR(vOrps, vtmp, vtmp2)
		e.vecRR(psOrPd(double, sseSub), vtmp, vtmp2)
	}
	// vtmp2 = NaN lanes; clear those lanes' payload below the quiet bit.
	fe.binaryImm(psOrPd(double, 0xC2), vtmp2, vtmp, vtmp, cmpUnord)
	if isMin {
		e.vecRR(vOrps, vtmp, vtmp2)
	}
	if double {
		e.vecShiftImm(0x73, shiftRightLogical, vtmp2, 13)
	} else {
		e.vecShiftImm(0x72, shiftRightLogical, vtmp2, 10)
	}
	fe.binary(vAndnps, d, vtmp2, vtmp)
}

// convertVec emits the conversions between integer and float lanes.
func (fe *funcEmitter) convertVec(m *mach.Instr) bool {
	switch m.Sub {
	case ssa.OpVfcvtToSintSat, ssa.OpVfcvtToUintSat, ssa.OpVfcvtFromSint, ssa.OpVfcvtFromUint,
		ssa.OpVfdemote, ssa.OpVfpromote:
	default:
		return false
	}
	e := fe.e
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchB)
	f64 := m.Shape == ssa.ShapeF64x2
	switch m.Sub {
	case ssa.OpVfcvtToSintSat:
		if f64 {
			// NaN lanes to 0 and the rest clamped above; cvttpd2dq
			// gives INT32_MIN below, and zeroes the upper lanes.
			fe.binaryImm(pd(0xC2), vtmp, a, a, cmpEq)
			fe.vconst(pd(0x54), vtmp, splat16(ssa.ShapeF64x2, math.Float64bits(math.MaxInt32)))
			fe.binary(pd(sseMin), d, a, vtmp)
			e.vecRR(vCvttpd2dq, d, d)
			break
		}
		// cvttps2dq gives 0x80000000 for NaN and out of range: zero the
		// NaN lanes first, and flip the lanes that overflowed upwards
		// (positive input, negative result) to 0x7fffffff.
		fe.binaryImm(ps(0xC2), vtmp, a, a, cmpEq)
		fe.binary(vAndps, d, a, vtmp)
		e.vecRR(vPxor, vtmp, d)
		e.vecRR(vCvttps2dq, d, d)
		e.vecRR(vPand, vtmp, d)
		e.vecShiftImm(0x72, shiftRightArithmetic, vtmp, 31)
		e.vecRR(vPxor, d, vtmp)
	case ssa.OpVfcvtToUintSat:
		if f64 {
			// Clamp to [0, 2^32-1] (NaN to 0), truncate, and read the
			// integer from the mantissa after adding 2^52.
			e.vecRR(vXorps, vtmp, vtmp)
			fe.binary(pd(sseMax), d, a, vtmp)
			fe.vconst(pd(sseMin), d, splat16(ssa.ShapeF64x2, math.Float64bits(math.MaxUint32)))
			e.vecRRI(vRoundpd, d, d, 8|3)
			fe.vconst(pd(sseAdd), d, splat16(ssa.ShapeF64x2, math.Float64bits(1<<52)))
			e.vecRRI(vShufps, d, vtmp, 0x88)
			break
		}
		// Negative and NaN to 0; lanes from 2^31 convert as x - 2^31
		// added to 0x80000000; lanes from 2^32 saturate.
		e.vecRR(vXorps, vtmp, vtmp)
		fe.binary(ps(sseMax), d, a, vtmp)
		fe.vconst(vMovups, vtmp, splat16(ssa.ShapeF32x4, uint64(math.Float32bits(1<<31))))
		fe.binary(ps(sseSub), vtmp2, d, vtmp)
		e.vecRRI(ps(0xC2), vtmp, vtmp2, cmpLe)
		e.vecRR(vCvttps2dq, vtmp2, vtmp2)
		e.vecRR(vPxor, vtmp2, vtmp)
		e.vecRR(vPxor, vtmp, vtmp)
		e.vecRR(vPmaxs.of(ssa.ShapeI32x4), vtmp2, vtmp)
		e.vecRR(vCvttps2dq, d, d)
		e.vecRR(vPadd.of(ssa.ShapeI32x4), d, vtmp2)
	case ssa.OpVfcvtFromSint:
		if f64 {
			e.vecRR(vCvtdq2pd, d, a)
		} else {
			e.vecRR(vCvtdq2ps, d, a)
		}
	case ssa.OpVfcvtFromUint:
		if f64 {
			// 2^52 + x as doubles, less 2^52.
			fe.binaryConst(vUnpcklps, d, a, splat16(ssa.ShapeI32x4, 0x43300000))
			fe.vconst(pd(sseSub), d, splat16(ssa.ShapeF64x2, math.Float64bits(1<<52)))
			break
		}
		// The low 16 bits convert exactly; the rest, halved so that it
		// is positive, converts and doubles exactly too.
		fe.shiftImm(0x72, shiftLeft, vtmp, a, 16)
		e.vecShiftImm(0x72, shiftRightLogical, vtmp, 16)
		fe.binary(vPsub.of(ssa.ShapeI32x4), d, a, vtmp)
		e.vecRR(vCvtdq2ps, vtmp, vtmp)
		e.vecShiftImm(0x72, shiftRightLogical, d, 1)
		e.vecRR(vCvtdq2ps, d, d)
		e.vecRR(ps(sseAdd), d, d)
		e.vecRR(ps(sseAdd), d, vtmp)
	case ssa.OpVfdemote:
		e.vecRR(vCvtpd2ps, d, a)
	case ssa.OpVfpromote:
		e.vecRR(vCvtps2pd, d, a)
	}
	fe.finish(m.Dst, d)
	return true
}
