package arm64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// This file emits the lane-wise SIMD arithmetic: integer and float
// operations, comparisons and shifts.

// vecIntOps are the integer lane operations that are one three-same
// instruction.
var vecIntOps = map[ssa.Op]uint32{
	ssa.OpVadd: vAdd, ssa.OpVsub: vSub, ssa.OpVmul: vMul,
	ssa.OpVsaddSat: vSqadd, ssa.OpVuaddSat: vUqadd, ssa.OpVssubSat: vSqsub, ssa.OpVusubSat: vUqsub,
	ssa.OpVsmin: vSmin, ssa.OpVumin: vUmin, ssa.OpVsmax: vSmax, ssa.OpVumax: vUmax,
	ssa.OpVavgrU: vUrhadd, ssa.OpVq15mulrSat: vSqrdmul,
}

// simdInt emits the integer lane operations.
func (fe *funcEmitter) simdInt(m *mach.Instr) bool {
	if !m.Shape.IsInt() {
		return false
	}
	e := fe.e
	switch m.Sub {
	case ssa.OpVishl, ssa.OpVsshr, ssa.OpVushr:
		fe.vecShift(m)
		return true
	case ssa.OpVneg, ssa.OpVabs, ssa.OpVpopcnt, ssa.OpVicmp:
	default:
		if _, ok := vecIntOps[m.Sub]; !ok {
			return false
		}
	}
	lanes := fullArr(laneBytes(m.Shape))
	d, a, b, _ := fe.operands(m)
	switch m.Sub {
	case ssa.OpVneg:
		e.vec2(vNeg, lanes, d, a)
	case ssa.OpVabs:
		e.vec2(vAbs, lanes, d, a)
	case ssa.OpVpopcnt:
		e.vec2(vCnt, arr16B, d, a)
	case ssa.OpVicmp:
		fe.vecCompare(m.Cond, false, lanes, d, a, b)
	default:
		if m.Sub == ssa.OpVmul && m.Shape == ssa.ShapeI64x2 {
			fe.mul64x2(d, a, b)
			break
		}
		e.vec3(vecIntOps[m.Sub], lanes, d, a, b)
	}
	fe.finish(m.Dst, d)
	return true
}

// mul64x2 multiplies the two 64-bit lanes through general registers
// (NEON has no 64-bit lane multiply), reading both operands before
// writing d.
func (fe *funcEmitter) mul64x2(d, a, b reg) {
	e := fe.e
	e.umov(8, scratchA, a, 0)
	e.umov(8, scratchB, b, 0)
	e.madd(8, scratchA, scratchA, scratchB, XZR)
	e.umov(8, scratchB, a, 1)
	e.umov(8, scratchC, b, 1)
	e.madd(8, scratchB, scratchB, scratchC, XZR)
	e.fmovToFloat(8, d, scratchA)
	e.insGen(8, d, 1, scratchB)
}

// vecCompare sets the lanes of d to all ones where a <c> b holds. The
// less-than forms swap the operands of greater-than; not-equal inverts
// equal.
func (fe *funcEmitter) vecCompare(c ssa.Cond, float bool, lanes arr, d, a, b reg) {
	e := fe.e
	emit := e.vec3
	if float {
		emit = e.vecf3
	}
	switch c {
	case ssa.CondEq, ssa.CondNe:
		if float {
			emit(vFcmeq, lanes, d, a, b)
		} else {
			emit(vCmeq, lanes, d, a, b)
		}
		if c == ssa.CondNe {
			e.vec2(vNot, arr16B, d, d)
		}
	case ssa.CondSGt:
		emit(vCmgt, lanes, d, a, b)
	case ssa.CondSLt:
		emit(vCmgt, lanes, d, b, a)
	case ssa.CondSGe:
		emit(vCmge, lanes, d, a, b)
	case ssa.CondSLe:
		emit(vCmge, lanes, d, b, a)
	case ssa.CondUGt:
		emit(vCmhi, lanes, d, a, b)
	case ssa.CondULt:
		emit(vCmhi, lanes, d, b, a)
	case ssa.CondUGe:
		emit(vCmhs, lanes, d, a, b)
	case ssa.CondULe:
		emit(vCmhs, lanes, d, b, a)
	case ssa.CondFGt:
		emit(vFcmgt, lanes, d, a, b)
	case ssa.CondFLt:
		emit(vFcmgt, lanes, d, b, a)
	case ssa.CondFGe:
		emit(vFcmge, lanes, d, a, b)
	case ssa.CondFLe:
		emit(vFcmge, lanes, d, b, a)
	}
}

// vecShift shifts every lane by a count modulo the lane width: a constant
// count is an immediate shift; a register count is masked, negated for
// the right shifts (sshl and ushl shift right by a negative count) and
// broadcast into V29.
func (fe *funcEmitter) vecShift(m *mach.Instr) {
	e := fe.e
	lanes := fullArr(laneBytes(m.Shape))
	width := uint32(m.Shape.LaneBits())
	d, a, b, _ := fe.operands(m)
	if m.BImm {
		k := uint32(m.Imm) & (width - 1)
		switch {
		case k == 0:
			if d != a {
				e.vmov(d, a)
			}
		case m.Sub == ssa.OpVishl:
			e.shiftLeft(vShl, lanes, d, a, k)
		case m.Sub == ssa.OpVsshr:
			e.shiftRight(vSshr, lanes, d, a, k)
		default:
			e.shiftRight(vUshr, lanes, d, a, k)
		}
		fe.finish(m.Dst, d)
		return
	}
	nb, r, s, _ := bitmask(uint64(width-1), 4)
	e.logicImm(opAnd, 4, scratchB, b, nb, r, s)
	if m.Sub != ssa.OpVishl {
		e.addReg(opSub, 8, scratchB, XZR, scratchB, 0)
	}
	e.dupGen(lanes, vtmp, scratchB)
	op := vUshl
	if m.Sub == ssa.OpVsshr {
		op = vSshl
	}
	e.vec3(op, lanes, d, a, vtmp)
	fe.finish(m.Dst, d)
}

// vecFloatOps are the float lane operations that are one instruction.
var vecFloatOps = map[ssa.Op]uint32{
	ssa.OpVadd: vFadd, ssa.OpVsub: vFsub, ssa.OpVmul: vFmul, ssa.OpVdiv: vFdiv,
	ssa.OpVfmin: vFmin, ssa.OpVfmax: vFmax,
}

// vecFloatUnaryOps are the float lane operations of one operand.
var vecFloatUnaryOps = map[ssa.Op]uint32{
	ssa.OpVneg: vFneg, ssa.OpVabs: vFabs, ssa.OpVfsqrt: vFsqrt,
	ssa.OpVfceil: vFrintp, ssa.OpVffloor: vFrintm, ssa.OpVftrunc: vFrintz, ssa.OpVfnearest: vFrintn,
}

// simdFloat emits the float lane operations. The hardware's fmin and
// fmax propagate NaN and order -0 below +0, as WebAssembly's min and max
// do; pmin and pmax are a comparison and a bitwise select.
func (fe *funcEmitter) simdFloat(m *mach.Instr) bool {
	if !m.Shape.IsFloat() {
		return false
	}
	switch m.Sub {
	case ssa.OpVfcmp, ssa.OpVpmin, ssa.OpVpmax:
	default:
		_, binary := vecFloatOps[m.Sub]
		_, unary := vecFloatUnaryOps[m.Sub]
		if !binary && !unary {
			return false
		}
	}
	e := fe.e
	lanes := fullArr(laneBytes(m.Shape))
	d, a, b, _ := fe.operands(m)
	switch m.Sub {
	case ssa.OpVfcmp:
		fe.vecCompare(m.Cond, true, lanes, d, a, b)
	case ssa.OpVpmin, ssa.OpVpmax:
		// pmin: b < a ? b : a; pmax: a < b ? b : a.
		t := d
		if d == a || d == b {
			t = vtmp
		}
		if m.Sub == ssa.OpVpmin {
			e.vecf3(vFcmgt, lanes, t, a, b)
		} else {
			e.vecf3(vFcmgt, lanes, t, b, a)
		}
		e.vec3(vBsl, arr16B, t, b, a)
		if t != d {
			e.vmov(d, t)
		}
	default:
		if op, ok := vecFloatUnaryOps[m.Sub]; ok {
			e.vecf2(op, lanes, d, a)
		} else {
			e.vecf3(vecFloatOps[m.Sub], lanes, d, a, b)
		}
	}
	fe.finish(m.Dst, d)
	return true
}
