package amd64

import (
	"fmt"
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Vector temporaries: kept out of allocation in functions with v128
// values (v128Registers), free for any SIMD sequence.
const (
	vtmp  = X12
	vtmp2 = X11
)

// laneOps gives, per integer shape (i8x16 to i64x2), the SSE instruction
// of a lane-wise operation; a zero op marks a shape without one.
type laneOps [4]vop

func (l laneOps) of(s ssa.Shape) vop { return l[s-ssa.ShapeI8x16] }

var (
	vPadd     = laneOps{p66(0xFC), p66(0xFD), p66(0xFE), p66(0xD4)}
	vPsub     = laneOps{p66(0xF8), p66(0xF9), p66(0xFA), p66(0xFB)}
	vPcmpeq   = laneOps{p66(0x74), p66(0x75), p66(0x76), vPcmpeqq}
	vPcmpgt   = laneOps{p66(0x64), p66(0x65), p66(0x66), vPcmpgtq}
	vPmins    = laneOps{p66x38(0x38), p66(0xEA), p66x38(0x39)}
	vPminu    = laneOps{p66(0xDA), p66x38(0x3A), p66x38(0x3B)}
	vPmaxs    = laneOps{p66x38(0x3C), p66(0xEE), p66x38(0x3D)}
	vPmaxu    = laneOps{p66(0xDE), p66x38(0x3E), p66x38(0x3F)}
	vPabs     = laneOps{p66x38(0x1C), p66x38(0x1D), p66x38(0x1E)}
	vPaddsat  = laneOps{p66(0xEC), p66(0xED)}
	vPaddusat = laneOps{p66(0xDC), p66(0xDD)}
	vPsubsat  = laneOps{p66(0xE8), p66(0xE9)}
	vPsubusat = laneOps{p66(0xD8), p66(0xD9)}
	vPavg     = laneOps{p66(0xE0), p66(0xE3)}
	// Shifts by the count in an XMM register, and the opcode of the
	// immediate form (71, 72, 73 with a /digit).
	vPsllX = laneOps{{}, p66(0xF1), p66(0xF2), p66(0xF3)}
	vPsrlX = laneOps{{}, p66(0xD1), p66(0xD2), p66(0xD3)}
	vPsraX = laneOps{{}, p66(0xE1), p66(0xE2)}
	// Sign and zero extension of the low half to the shape (i16x8 from
	// i8x16 ...): indexed by the result shape.
	vPmovsx = laneOps{{}, p66x38(0x20), p66x38(0x23), p66x38(0x25)}
	vPmovzx = laneOps{{}, p66x38(0x30), p66x38(0x33), p66x38(0x35)}
)

// oneInstrIntOps are the integer lane operations that one instruction
// computes for every shape they have.
var oneInstrIntOps = map[ssa.Op]laneOps{
	ssa.OpVsaddSat: vPaddsat, ssa.OpVuaddSat: vPaddusat, ssa.OpVssubSat: vPsubsat, ssa.OpVusubSat: vPsubusat,
	ssa.OpVsmin: vPmins, ssa.OpVumin: vPminu, ssa.OpVsmax: vPmaxs, ssa.OpVumax: vPmaxu, ssa.OpVavgrU: vPavg,
}

// shiftImmOp is the opcode of the immediate shifts of a lane width.
func shiftImmOp(s ssa.Shape) byte {
	switch s {
	case ssa.ShapeI16x8:
		return 0x71
	case ssa.ShapeI32x4:
		return 0x72
	}
	return 0x73
}

// splat16 returns a 16-byte constant with every lane of shape s set to x.
func splat16(s ssa.Shape, x uint64) [2]uint64 {
	var v ssa.V128
	for i := range s.Lanes() {
		v.SetLane(s, i, x)
	}
	return [2]uint64{v.Lo, v.Hi}
}

// vconst emits o with a 16-byte constant of the function's pool as its
// memory operand.
func (fe *funcEmitter) vconst(o vop, r reg, c [2]uint64) {
	fe.vconstants[c] = append(fe.vconstants[c], fe.e.vecRIP(o, r))
}

// vmov copies a whole vector register unless d is s.
func (fe *funcEmitter) vmov(d, s reg) {
	if d != s {
		fe.e.movaps(d, s)
	}
}

// vecConst loads a v128 constant into d.
func (fe *funcEmitter) vecConst(d reg, c [2]uint64) {
	switch c {
	case [2]uint64{}:
		fe.e.vecRR(vPxor, d, d)
	case [2]uint64{math.MaxUint64, math.MaxUint64}:
		fe.e.vecRR(vPcmpeq.of(ssa.ShapeI32x4), d, d)
	default:
		fe.vconst(vMovups, d, c)
	}
}

// ones sets every bit of r.
func (fe *funcEmitter) ones(r reg) { fe.e.vecRR(vPcmpeq.of(ssa.ShapeI32x4), r, r) }

// vec emits an OpVec: d is computed last where a sequence needs the
// operands to the end, and every sequence is correct with d in a's
// register (mach.Instr.TiedDst) or, for the operations that commute, in
// b's.
func (fe *funcEmitter) vec(m *mach.Instr) {
	if fe.scalarResultVec(m) || fe.laneVec(m) || fe.convertVec(m) {
		return
	}
	if m.MemB {
		fe.vecMemory(m)
		return
	}
	if m.VecConstB() {
		fe.vecConstOperand(m)
		return
	}
	d := fe.def(m.Dst)
	a := fe.use(m.A, scratchB)
	if fe.binaryFromSlot(m, d, a) {
		fe.finish(m.Dst, d)
		return
	}
	b := reg(0)
	if m.B != mach.NoVReg && !fe.isFloat(m.B) {
		b = fe.use(m.B, scratchB) // a scalar shift count (a is a vector)
	} else if m.B != mach.NoVReg {
		b = fe.use(m.B, scratchX)
		if d == b && d != a { // commutes: b op a
			a, b = b, a
		}
	}
	if !fe.arithVec(m, d, a, b) {
		panic(fmt.Sprintf("amd64: cannot emit %s", m.Format(nil)))
	}
	fe.finish(m.Dst, d)
}

// avx reports whether the code may use the VEX forms; each use records
// FeatureAVX in the module.
func (fe *funcEmitter) avx() bool {
	if fe.mod.cpu&FeatureAVX == 0 {
		return false
	}
	fe.mod.features |= FeatureAVX
	return true
}

// avx2 is avx for AVX2's instructions.
func (fe *funcEmitter) avx2() bool {
	if fe.mod.cpu&FeatureAVX2 == 0 || !fe.avx() {
		return false
	}
	fe.mod.features |= FeatureAVX2
	return true
}

// singleBinary returns the instruction of an operation that is one
// binary form d = a op b.
func singleBinary(m *mach.Instr) (vop, bool) {
	s := m.Shape
	double := s == ssa.ShapeF64x2
	if o, ok := oneInstrIntOps[m.Sub]; ok {
		return o.of(s), true
	}
	switch m.Sub {
	case ssa.OpVand:
		return vPand, true
	case ssa.OpVor:
		return vPor, true
	case ssa.OpVxor:
		return vPxor, true
	case ssa.OpVadd, ssa.OpVsub:
		switch {
		case s.IsFloat() && m.Sub == ssa.OpVadd:
			return psOrPd(double, sseAdd), true
		case s.IsFloat():
			return psOrPd(double, sseSub), true
		case m.Sub == ssa.OpVadd:
			return vPadd.of(s), true
		}
		return vPsub.of(s), true
	case ssa.OpVmul:
		switch s {
		case ssa.ShapeI16x8:
			return vPmullw, true
		case ssa.ShapeI32x4:
			return vPmulld, true
		case ssa.ShapeF32x4, ssa.ShapeF64x2:
			return psOrPd(double, sseMul), true
		}
	case ssa.OpVdiv:
		return psOrPd(double, sseDiv), true
	case ssa.OpVdot:
		return vPmaddwd, true
	}
	return vop{}, false
}

// binaryFromSlot emits, with AVX, an operation that is one binary form
// with a spilled vector b as the VEX form's memory operand (which, unlike
// the legacy SSE forms', needs no alignment) instead of a reload; it
// reports whether it did.
func (fe *funcEmitter) binaryFromSlot(m *mach.Instr, d, a reg) bool {
	if m.B == mach.NoVReg || m.C != mach.NoVReg || !fe.isFloat(m.B) || !fe.Res.Locations[m.B].Spilled {
		return false
	}
	if st := fe.stored; st.v == m.B && st.end == len(fe.e.b) {
		return false // still in a register
	}
	o, ok := singleBinary(m)
	if !ok || !fe.avx() {
		return false
	}
	fe.e.vexRM(o, d, a, fe.slot(m.B))
	return true
}

// vecMemory emits an operation whose second operand is a folded v128
// load (mach's FoldVectorLoads, which the backend sets only with AVX): the
// VEX form reads it unaligned. An operation that is not one binary form
// (mach folds none) would load it into vtmp first.
func (fe *funcEmitter) vecMemory(m *mach.Instr) {
	operand := fe.foldedOperand(m)
	a := fe.use(m.A, scratchB)
	d := fe.def(m.Dst)
	if o, ok := singleBinary(m); ok && fe.avx() {
		fe.e.vexRM(o, d, a, operand)
	} else {
		fe.e.vecRM(vMovups, vtmp, operand)
		if !fe.arithVec(m, d, a, vtmp) {
			panic(fmt.Sprintf("amd64: cannot emit %s", m.Format(nil)))
		}
	}
	fe.finish(m.Dst, d)
}

// vecConstOperand emits d = a op c for an OpVec whose second operand is
// the v128 constant c (mach.Instr.VecConstB), read from the function's
// constants (aligned, so the SSE forms may take it too).
func (fe *funcEmitter) vecConstOperand(m *mach.Instr) {
	c := [2]uint64{uint64(m.Imm), uint64(m.Imm2)}
	a := fe.use(m.A, scratchB)
	d := fe.def(m.Dst)
	if o, ok := singleBinary(m); ok {
		fe.binaryConst(o, d, a, c)
	} else {
		fe.vecConst(vtmp, c)
		if !fe.arithVec(m, d, a, vtmp) {
			panic(fmt.Sprintf("amd64: cannot emit %s", m.Format(nil)))
		}
	}
	fe.finish(m.Dst, d)
}

// binary emits d = a op b, whatever registers d shares: one VEX
// instruction, or the two-operand form on a copy of a (through vtmp when d
// is b's register; b must not be vtmp then).
func (fe *funcEmitter) binary(o vop, d, a, b reg) {
	switch {
	case fe.avx():
		fe.e.vexRRR(o, d, a, b)
	case d == b && d != a:
		fe.vmov(vtmp, a)
		fe.e.vecRR(o, vtmp, b)
		fe.vmov(d, vtmp)
	default:
		fe.vmov(d, a)
		fe.e.vecRR(o, d, b)
	}
}

// binaryImm is binary for the forms with an 8-bit immediate (cmpps,
// pinsr, insertps, shufps).
func (fe *funcEmitter) binaryImm(o vop, d, a, b reg, imm byte) {
	switch {
	case fe.avx():
		fe.e.vexRRRI(o, d, a, b, imm)
	case d == b && d != a:
		fe.vmov(vtmp, a)
		fe.e.vecRRI(o, vtmp, b, imm)
		fe.vmov(d, vtmp)
	default:
		fe.vmov(d, a)
		fe.e.vecRRI(o, d, b, imm)
	}
}

// binaryConst emits d = a op c with c from the constant pool.
func (fe *funcEmitter) binaryConst(o vop, d, a reg, c [2]uint64) {
	if fe.avx() {
		fe.vconstants[c] = append(fe.vconstants[c], fe.e.vexRIP(o, d, a))
		return
	}
	fe.vmov(d, a)
	fe.vconst(o, d, c)
}

// shiftImm emits d = a shifted by imm: op 71, 72 or 73 with the shift's
// /digit.
func (fe *funcEmitter) shiftImm(op byte, digit, d, a reg, imm byte) {
	if fe.avx() {
		fe.e.vexShiftImm(op, digit, d, a, imm)
		return
	}
	fe.vmov(d, a)
	fe.e.vecShiftImm(op, digit, d, imm)
}

// arithVec emits the lane-wise operations that keep the vector shape.
func (fe *funcEmitter) arithVec(m *mach.Instr, d, a, b reg) bool {
	e := fe.e
	s := m.Shape
	double := s == ssa.ShapeF64x2
	if o, ok := oneInstrIntOps[m.Sub]; ok {
		fe.binary(o.of(s), d, a, b)
		return true
	}
	switch m.Sub {
	case ssa.OpVnot:
		fe.ones(vtmp)
		fe.binary(vPxor, d, a, vtmp)
	case ssa.OpVand:
		fe.binary(vPand, d, a, b)
	case ssa.OpVor:
		fe.binary(vPor, d, a, b)
	case ssa.OpVxor:
		fe.binary(vPxor, d, a, b)
	case ssa.OpVandnot: // a &^ b = pandn(b, a)
		fe.binary(vPandn, d, b, a)
	case ssa.OpVbitselect: // ((a ^ b) & c) ^ b
		c := fe.use(m.C, scratchA)
		fe.binary(vPxor, vtmp, a, b)
		e.vecRR(vPand, vtmp, c)
		fe.binary(vPxor, d, vtmp, b)
	case ssa.OpVadd, ssa.OpVsub:
		if s.IsFloat() {
			op := byte(sseAdd)
			if m.Sub == ssa.OpVsub {
				op = sseSub
			}
			fe.binary(psOrPd(double, op), d, a, b)
		} else if m.Sub == ssa.OpVadd {
			fe.binary(vPadd.of(s), d, a, b)
		} else {
			fe.binary(vPsub.of(s), d, a, b)
		}
	case ssa.OpVmul:
		fe.mul(s, d, a, b)
	case ssa.OpVdiv:
		fe.binary(psOrPd(double, sseDiv), d, a, b)
	case ssa.OpVneg:
		if s.IsFloat() {
			fe.binaryConst(psOrPd(double, 0x57), d, a, splat16(s, uint64(signMask(uint8(s.LaneBits()/8)))))
			return true
		}
		e.vecRR(vPxor, vtmp, vtmp)
		fe.binary(vPsub.of(s), d, vtmp, a)
	case ssa.OpVabs:
		fe.abs(s, d, a)
	case ssa.OpVq15mulrSat:
		// pmulhrsw rounds the same way but gives 0x8000 for
		// 0x8000 * 0x8000, where the result saturates to 0x7fff.
		fe.binary(vPmulhrsw, d, a, b)
		fe.binaryConst(vPcmpeq.of(s), vtmp, d, splat16(s, 0x8000))
		e.vecRR(vPxor, d, vtmp)
	case ssa.OpVpopcnt:
		fe.popcnt(d, a)
	case ssa.OpVishl, ssa.OpVsshr, ssa.OpVushr:
		fe.shift(m, d, a, b)
	case ssa.OpVicmp:
		fe.intCompare(m.Cond, s, d, a, b)
	case ssa.OpVfcmp:
		fe.floatCompareVec(m.Cond, double, d, a, b)
	case ssa.OpVfmin, ssa.OpVfmax:
		fe.minMax(m.Sub == ssa.OpVfmin, double, d, a, b)
	case ssa.OpVpmin, ssa.OpVpmax:
		// minps/maxps return their second operand unless the first is
		// strictly less (greater): with b first, b < a ? b : a.
		op := byte(sseMin)
		if m.Sub == ssa.OpVpmax {
			op = sseMax
		}
		fe.binary(psOrPd(double, op), d, b, a)
	case ssa.OpVfsqrt:
		e.vecRR(psOrPd(double, sseSqrt), d, a)
	case ssa.OpVfceil, ssa.OpVffloor, ssa.OpVftrunc, ssa.OpVfnearest:
		mode := map[ssa.Op]byte{ssa.OpVfnearest: 0, ssa.OpVffloor: 1, ssa.OpVfceil: 2, ssa.OpVftrunc: 3}[m.Sub]
		o := vRoundps
		if double {
			o = vRoundpd
		}
		e.vecRRI(o, d, a, 8|mode)
	case ssa.OpVsnarrow:
		o := vPacksswb
		if s == ssa.ShapeI16x8 {
			o = vPackssdw
		}
		fe.binary(o, d, a, b)
	case ssa.OpVunarrow:
		o := vPackuswb
		if s == ssa.ShapeI16x8 {
			o = vPackusdw
		}
		fe.binary(o, d, a, b)
	case ssa.OpVsextend, ssa.OpVuextend:
		o := vPmovsx.of(s)
		if m.Sub == ssa.OpVuextend {
			o = vPmovzx.of(s)
		}
		src := a
		if m.Imm == 1 {
			e.vecRRI(vPshufd, vtmp, a, 0xEE) // the high half, low
			src = vtmp
		}
		e.vecRR(o, d, src)
	case ssa.OpVsextmul, ssa.OpVuextmul:
		fe.extmul(m.Sub == ssa.OpVsextmul, s, m.Imm == 1, d, a, b)
	case ssa.OpVsextaddPairwise, ssa.OpVuextaddPairwise:
		fe.extaddPairwise(m.Sub == ssa.OpVsextaddPairwise, s, d, a)
	case ssa.OpVdot:
		fe.binary(vPmaddwd, d, a, b)
	default:
		return false
	}
	return true
}
