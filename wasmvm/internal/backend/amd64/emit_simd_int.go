package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Integer SIMD sequences that take more than one instruction.

// mul emits d = a * b per lane (i16x8, i32x4, i64x2, and the floats).
func (fe *funcEmitter) mul(s ssa.Shape, d, a, b reg) {
	e := fe.e
	switch s {
	case ssa.ShapeF32x4, ssa.ShapeF64x2:
		fe.binary(psOrPd(s == ssa.ShapeF64x2, sseMul), d, a, b)
	case ssa.ShapeI16x8:
		fe.binary(vPmullw, d, a, b)
	case ssa.ShapeI32x4:
		fe.binary(vPmulld, d, a, b)
	case ssa.ShapeI64x2:
		// lo(a)*lo(b) + (lo(a)*hi(b) + hi(a)*lo(b)) << 32: the cross
		// products as 32-bit multiplications of b with its halves
		// swapped, summed in pairs.
		e.vecRRI(vPshufd, vtmp, b, 0xB1)
		e.vecRR(vPmulld, vtmp, a)
		e.vecRR(vPhaddd, vtmp, vtmp)
		e.vecRRI(vPshufd, vtmp, vtmp, 0x10)
		e.vecShiftImm(0x73, shiftLeft, vtmp, 32)
		fe.binary(vPmuludq, d, a, b)
		e.vecRR(vPadd.of(s), d, vtmp)
	}
}

// abs emits d = |a| per lane.
func (fe *funcEmitter) abs(s ssa.Shape, d, a reg) {
	e := fe.e
	switch s {
	case ssa.ShapeF32x4, ssa.ShapeF64x2:
		fe.binaryConst(psOrPd(s == ssa.ShapeF64x2, 0x54), d, a, splat16(s, uint64(^signMask(uint8(s.LaneBits()/8)))))
	case ssa.ShapeI64x2:
		// (a ^ sign) - sign, with sign each lane's sign bit spread.
		fe.shiftImm(0x72, shiftRightArithmetic, vtmp, a, 31)
		e.vecRRI(vPshufd, vtmp, vtmp, 0xF5)
		fe.binary(vPxor, d, a, vtmp)
		e.vecRR(vPsub.of(s), d, vtmp)
	default:
		e.vecRR(vPabs.of(s), d, a)
	}
}

// popcnt counts the bits of each byte with a nibble table (pshufb).
func (fe *funcEmitter) popcnt(d, a reg) {
	e := fe.e
	table := [2]uint64{0x0302020102010100, 0x0403030203020201}
	low := splat16(ssa.ShapeI8x16, 0x0F)
	fe.shiftImm(0x71, shiftRightLogical, vtmp, a, 4)
	fe.vconst(vPand, vtmp, low)
	fe.vconst(vMovups, vtmp2, table)
	e.vecRR(vPshufb, vtmp2, vtmp) // counts of the high nibbles
	fe.binaryConst(vPand, vtmp, a, low)
	fe.vconst(vMovups, d, table)
	e.vecRR(vPshufb, d, vtmp)
	e.vecRR(vPadd.of(ssa.ShapeI8x16), d, vtmp2)
}

// shift emits a lane shift by an immediate (m.BImm) or by the count in
// general register b, taken modulo the lane width.
func (fe *funcEmitter) shift(m *mach.Instr, d, a, b reg) {
	e := fe.e
	s := m.Shape
	w := int64(s.LaneBits())
	// count puts the count (plus add) in an XMM register, or returns
	// false for an immediate count.
	count := func(r reg, add int64) {
		e.movRR(4, scratchB, b)
		e.aluRI(aluAnd, 4, scratchB, int32(w-1))
		if add != 0 {
			e.aluRI(aluAdd, 4, scratchB, int32(add))
		}
		e.movGtoX(4, r, scratchB)
	}
	if s == ssa.ShapeI8x16 {
		fe.byteShift(m, d, a, count)
		return
	}
	if m.Sub == ssa.OpVsshr && s == ssa.ShapeI64x2 {
		// ((a ^ sign) >>u n) ^ sign, with sign each lane's sign spread.
		fe.shiftImm(0x72, shiftRightArithmetic, vtmp, a, 31)
		e.vecRRI(vPshufd, vtmp, vtmp, 0xF5)
		if !m.BImm {
			count(vtmp2, 0)
		}
		fe.binary(vPxor, d, a, vtmp)
		if m.BImm {
			e.vecShiftImm(0x73, shiftRightLogical, d, byte(m.Imm))
		} else {
			e.vecRR(vPsrlX.of(s), d, vtmp2)
		}
		e.vecRR(vPxor, d, vtmp)
		return
	}
	digit, byReg := reg(shiftLeft), vPsllX.of(s)
	switch m.Sub {
	case ssa.OpVushr:
		digit, byReg = shiftRightLogical, vPsrlX.of(s)
	case ssa.OpVsshr:
		digit, byReg = shiftRightArithmetic, vPsraX.of(s)
	}
	if m.BImm {
		fe.shiftImm(shiftImmOp(s), digit, d, a, byte(m.Imm))
		return
	}
	count(vtmp, 0)
	fe.binary(byReg, d, a, vtmp)
}

// byteShift shifts bytes, which SSE cannot: as words, masking off the
// bits that crossed from the neighbouring byte, or for the arithmetic
// shift as the high bytes of words (each byte unpacked twice).
func (fe *funcEmitter) byteShift(m *mach.Instr, d, a reg, count func(reg, int64)) {
	e := fe.e
	if m.Sub == ssa.OpVsshr {
		if m.BImm {
			n := byte(m.Imm + 8)
			fe.binary(vPunpckhbw, vtmp, a, a)
			e.vecShiftImm(0x71, shiftRightArithmetic, vtmp, n)
			fe.binary(vPunpcklbw, d, a, a)
			e.vecShiftImm(0x71, shiftRightArithmetic, d, n)
		} else {
			count(vtmp2, 8)
			fe.binary(vPunpckhbw, vtmp, a, a)
			e.vecRR(vPsraX.of(ssa.ShapeI16x8), vtmp, vtmp2)
			fe.binary(vPunpcklbw, d, a, a)
			e.vecRR(vPsraX.of(ssa.ShapeI16x8), d, vtmp2)
		}
		e.vecRR(vPacksswb, d, vtmp)
		return
	}
	left := m.Sub == ssa.OpVishl
	digit, byReg := reg(shiftRightLogical), vPsrlX.of(ssa.ShapeI16x8)
	if left {
		digit, byReg = shiftLeft, vPsllX.of(ssa.ShapeI16x8)
	}
	if m.BImm {
		mask := uint64(0xFF) >> m.Imm
		if left {
			mask = uint64(0xFF) << m.Imm & 0xFF
		}
		fe.shiftImm(0x71, digit, d, a, byte(m.Imm))
		fe.vconst(vPand, d, splat16(ssa.ShapeI8x16, mask))
		return
	}
	// The mask 0xff shifted likewise, in every byte of vtmp2.
	count(vtmp, 0)
	e.movRI(4, scratchA, 0xFF)
	if left {
		e.shiftCL(4, 4, scratchA)
	} else {
		e.shiftCL(4, 5, scratchA)
	}
	e.aluRI(aluAnd, 4, scratchA, 0xFF)
	e.imulRRI(4, scratchA, scratchA, 0x01010101)
	e.movGtoX(4, vtmp2, scratchA)
	e.vecRRI(vPshufd, vtmp2, vtmp2, 0)
	fe.binary(byReg, d, a, vtmp)
	e.vecRR(vPand, d, vtmp2)
}

// intCompare emits d = a cond b per integer lane: all ones or zero.
func (fe *funcEmitter) intCompare(c ssa.Cond, s ssa.Shape, d, a, b reg) {
	e := fe.e
	if s == ssa.ShapeI64x2 && c != ssa.CondEq && c != ssa.CondNe {
		fe.mod.features |= FeatureSSE42 // pcmpgtq
	}
	negate := false
	switch c {
	case ssa.CondEq, ssa.CondNe:
		fe.binary(vPcmpeq.of(s), d, a, b)
		negate = c == ssa.CondNe
	case ssa.CondSGt, ssa.CondSLe:
		fe.binary(vPcmpgt.of(s), d, a, b)
		negate = c == ssa.CondSLe
	case ssa.CondSLt, ssa.CondSGe:
		fe.binary(vPcmpgt.of(s), d, b, a)
		negate = c == ssa.CondSGe
	case ssa.CondUGe, ssa.CondULt: // max(a, b) == a
		fe.binary(vPmaxu.of(s), vtmp2, a, b)
		fe.binary(vPcmpeq.of(s), d, vtmp2, a)
		negate = c == ssa.CondULt
	case ssa.CondULe, ssa.CondUGt: // min(a, b) == a
		fe.binary(vPminu.of(s), vtmp2, a, b)
		fe.binary(vPcmpeq.of(s), d, vtmp2, a)
		negate = c == ssa.CondUGt
	}
	if negate {
		fe.ones(vtmp2)
		e.vecRR(vPxor, d, vtmp2)
	}
}

// extmul multiplies the extended low or high halves of a and b into the
// lanes of shape s.
func (fe *funcEmitter) extmul(signed bool, s ssa.Shape, high bool, d, a, b reg) {
	e := fe.e
	switch s {
	case ssa.ShapeI16x8:
		ext := vPmovzx.of(s)
		if signed {
			ext = vPmovsx.of(s)
		}
		half := func(dst, src reg) {
			if high {
				e.vecRRI(vPshufd, dst, src, 0xEE)
				e.vecRR(ext, dst, dst)
				return
			}
			e.vecRR(ext, dst, src)
		}
		half(vtmp, a)
		half(vtmp2, b)
		fe.binary(vPmullw, d, vtmp, vtmp2)
	case ssa.ShapeI32x4:
		// The low and high halves of the 16-bit products, interleaved.
		hi := vPmulhuw
		if signed {
			hi = vPmulhw
		}
		fe.binary(vPmullw, vtmp, a, b)
		fe.binary(hi, vtmp2, a, b)
		if high {
			fe.binary(vPunpckhwd, d, vtmp, vtmp2)
		} else {
			fe.binary(vPunpcklwd, d, vtmp, vtmp2)
		}
	case ssa.ShapeI64x2:
		// pmuldq/pmuludq multiply doublewords 0 and 2: spread the half.
		sel := byte(0x50)
		if high {
			sel = 0xFA
		}
		mul := vPmuludq
		if signed {
			mul = vPmuldq
		}
		e.vecRRI(vPshufd, vtmp, a, sel)
		e.vecRRI(vPshufd, vtmp2, b, sel)
		fe.binary(mul, d, vtmp, vtmp2)
	}
}

// extaddPairwise adds adjacent lanes, extended, into the lanes of s.
func (fe *funcEmitter) extaddPairwise(signed bool, s ssa.Shape, d, a reg) {
	if s == ssa.ShapeI16x8 {
		// pmaddubsw multiplies unsigned bytes of its first operand by
		// signed bytes of its second and adds pairs: one side is 1s.
		ones := splat16(ssa.ShapeI8x16, 1)
		if signed {
			fe.vconst(vMovups, vtmp, ones)
			fe.binary(vPmaddubsw, d, vtmp, a)
			return
		}
		fe.binaryConst(vPmaddubsw, d, a, ones)
		return
	}
	if !signed { // bias to signed, add the bias back per pair
		fe.binaryConst(vPxor, d, a, splat16(ssa.ShapeI16x8, 0x8000))
		a = d
	}
	fe.binaryConst(vPmaddwd, d, a, splat16(ssa.ShapeI16x8, 1))
	if !signed {
		fe.vconst(vPadd.of(ssa.ShapeI32x4), d, splat16(ssa.ShapeI32x4, 0x10000))
	}
}
