package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// A 32-bit division by a constant computes in 64-bit registers: an i32
// value's register holds it zero-extended (RATIONALE: "Why is
// i64.extend_i32_u a copy?"), so one 64-bit multiplication by the
// reciprocal (amd64 imul r64, r/m64, imm32 where it fits) gives the
// whole product, and one shift takes both its high half and the plan's
// shift: x/10 is imul, shr 35 where the 32-bit high multiplication took
// a constant, two extensions, the product's shift and a move besides.

// wide returns a fresh 64-bit temporary.
func (dc *divEmitter) wide() regalloc.VReg { return dc.l.newVReg(ssa.TypeI64) }

// wideMultiply returns the 64-bit product of a (its whole register) and
// c, 0 < c < 2^32: the constant as an immediate where it fits a sign-
// extended 32-bit one, else in a register.
func (dc *divEmitter) wideMultiply(a regalloc.VReg, c uint64) regalloc.VReg {
	m := mi(OpAlu)
	m.Dst, m.Sub, m.A, m.Size = dc.wide(), ssa.OpImul, a, 8
	if c < 1<<31 {
		m.Imm, m.BImm = int64(c), true
	} else {
		k := mi(OpMovImm)
		k.Dst, k.Imm, k.Size = dc.wide(), int64(c), 8
		dc.l.emit(dc.bi, k)
		m.B = k.Dst
	}
	dc.l.emit(dc.bi, m)
	return m.Dst
}

// wideShift returns a 64-bit shift of a by count into dst (fresh when
// NoVReg).
func (dc *divEmitter) wideShift(dst regalloc.VReg, op ssa.Op, a regalloc.VReg, count uint) regalloc.VReg {
	if dst == NoVReg {
		dst = dc.wide()
	}
	m := mi(OpShift)
	m.Dst, m.Sub, m.A, m.Size, m.Imm, m.BImm = dst, op, a, 8, int64(count), true
	dc.l.emit(dc.bi, m)
	return dst
}

// unsignedQuotient32 divides the zero-extended x by p's divisor:
// ((x >> pre) * mul) >> (32 + post), or for the add form, whose
// multiplier is 2^32 + mul, (((x * mul) >> 32) + x) >> (post + 1), the
// sum of at most 33 bits that the 32-bit form halves before adding. The
// last shift leaves a value below 2^32, zero-extended as an i32 result
// must be.
func (dc *divEmitter) unsignedQuotient32(x regalloc.VReg, p unsignedDivPlan) regalloc.VReg {
	if !p.add {
		t := dc.wideMultiply(dc.shift(ssa.OpUshr, x, p.pre), p.mul)
		return dc.wideShift(dc.fresh(), ssa.OpUshr, t, 32+p.post)
	}
	t := dc.wideShift(NoVReg, ssa.OpUshr, dc.wideMultiply(x, p.mul), 32)
	s := dc.wide()
	m := mi(OpAlu)
	m.Dst, m.Sub, m.A, m.B, m.Size = s, ssa.OpIadd, t, x, 8
	dc.l.emit(dc.bi, m)
	return dc.wideShift(dc.fresh(), ssa.OpUshr, s, p.post+1)
}

// signedQuotient32 divides x by p's divisor: the sign-extended x times
// the multiplier, shifted right arithmetically, is the floor of the
// quotient, one below the truncated one for a negative x; subtracting x
// >>s 31 corrects it (and subtracting the floor from it negates both for
// a negative divisor). The 32-bit subtraction reads the low half of the
// 64-bit shift.
func (dc *divEmitter) signedQuotient32(x regalloc.VReg, p signedDiv32Plan) regalloc.VReg {
	ext := mi(OpExtend)
	ext.Dst, ext.A, ext.Imm, ext.Size = dc.wide(), x, 32, 8
	dc.l.emit(dc.bi, ext)
	t := dc.wideShift(NoVReg, ssa.OpSshr, dc.wideMultiply(ext.Dst, p.mul), p.shift)
	sign := dc.shift(ssa.OpSshr, x, 31)
	if p.neg {
		return dc.alu(ssa.OpIsub, sign, t)
	}
	return dc.alu(ssa.OpIsub, t, sign)
}
