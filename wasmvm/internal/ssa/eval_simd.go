package ssa

import "math/bits"

// This file defines what the SIMD instructions compute, lane by lane,
// following the WebAssembly 2.0 vector semantics (spec 4.3.2 and 4.4.3).
// Float lanes reuse the scalar definitions of eval.go, so a lane of
// f32x4.add is exactly f32.add.

// EvalSIMD computes a SIMD instruction that does not access memory. The
// operands are in order x, y, z (unused ones zero); a scalar operand or
// result is held in Lo (i32 zero-extended).
func EvalSIMD(in *Instr, x, y, z V128) V128 {
	s := Shape(in.Aux)
	switch in.Op {
	case OpVnot:
		return V128{^x.Lo, ^x.Hi}
	case OpVand:
		return V128{x.Lo & y.Lo, x.Hi & y.Hi}
	case OpVandnot:
		return V128{x.Lo &^ y.Lo, x.Hi &^ y.Hi}
	case OpVor:
		return V128{x.Lo | y.Lo, x.Hi | y.Hi}
	case OpVxor:
		return V128{x.Lo ^ y.Lo, x.Hi ^ y.Hi}
	case OpVbitselect:
		return V128{x.Lo&z.Lo | y.Lo&^z.Lo, x.Hi&z.Hi | y.Hi&^z.Hi}
	case OpVanyTrue:
		return V128{Lo: b2u(x.Lo|x.Hi != 0)}
	case OpVallTrue:
		for i := range s.Lanes() {
			if x.Lane(s, i) == 0 {
				return V128{}
			}
		}
		return V128{Lo: 1}
	case OpVbitmask:
		var m uint64
		for i := range s.Lanes() {
			m |= x.Lane(s, i) >> (s.LaneBits() - 1) << i
		}
		return V128{Lo: m}
	case OpVsplat:
		return splat(s, x.Lo)
	case OpVextractLane:
		return V128{Lo: x.Lane(s, int(in.Imm))}
	case OpVextractLaneS:
		return V128{Lo: uint64(uint32(sext(x.Lane(s, int(in.Imm)), s.LaneBits())))}
	case OpVinsertLane:
		x.SetLane(s, int(in.Imm), y.Lo)
		return x
	case OpVshuffle:
		return shuffle(in.Imm, in.Imm2, x, y)
	case OpVswizzle:
		var r V128
		for i := range 16 {
			if j := y.Byte(i); j < 16 {
				r.SetLane(ShapeI8x16, i, uint64(x.Byte(int(j))))
			}
		}
		return r
	case OpVishl, OpVsshr, OpVushr:
		return shiftLanes(in.Op, s, x, y.Lo)
	case OpVsnarrow, OpVunarrow:
		return narrow(in.Op, s, x, y)
	case OpVsextend, OpVuextend, OpVsextmul, OpVuextmul:
		return extend(in.Op, s, int(in.Imm), x, y)
	case OpVsextaddPairwise, OpVuextaddPairwise, OpVdot:
		return pairwise(in.Op, s, x, y)
	case OpVfcvtToSintSat, OpVfcvtToUintSat, OpVfcvtFromSint, OpVfcvtFromUint, OpVfdemote, OpVfpromote:
		return convertLanes(in.Op, s, x)
	case OpVneg, OpVabs, OpVpopcnt, OpVfsqrt, OpVfceil, OpVffloor, OpVftrunc, OpVfnearest:
		var r V128
		for i := range s.Lanes() {
			r.SetLane(s, i, laneUnary(in.Op, s, x.Lane(s, i)))
		}
		return r
	}
	var r V128
	for i := range s.Lanes() {
		r.SetLane(s, i, laneBinary(in.Op, in.Cond, s, x.Lane(s, i), y.Lane(s, i)))
	}
	return r
}

// splat returns a vector of shape s with every lane set to x.
func splat(s Shape, x uint64) V128 {
	var r V128
	for i := range s.Lanes() {
		r.SetLane(s, i, x)
	}
	return r
}

// sext sign-extends the low w bits of x.
func sext(x uint64, w int) int64 {
	sh := 64 - w
	return int64(x<<sh) >> sh
}

// satS clamps v to the signed range of w bits.
func satS(v int64, w int) uint64 {
	lo, hi := int64(-1)<<(w-1), int64(1)<<(w-1)-1
	return uint64(min(max(v, lo), hi))
}

// satU clamps v to the unsigned range of w bits.
func satU(v int64, w int) uint64 { return uint64(min(max(v, 0), int64(1)<<w-1)) }

// scalarFloatOp is the scalar instruction that computes a float lane.
var scalarFloatOp = map[Op]Op{
	OpVadd: OpFadd, OpVsub: OpFsub, OpVmul: OpFmul, OpVdiv: OpFdiv,
	OpVfmin: OpFmin, OpVfmax: OpFmax, OpVfcmp: OpFcmp,
	OpVneg: OpFneg, OpVabs: OpFabs, OpVfsqrt: OpFsqrt, OpVfceil: OpFceil,
	OpVffloor: OpFfloor, OpVftrunc: OpFtrunc, OpVfnearest: OpFnearest,
}

// laneType is the scalar type of a float lane.
func laneType(s Shape) Type {
	if s == ShapeF32x4 {
		return TypeF32
	}
	return TypeF64
}

// allOnes returns a lane of all ones for a true comparison.
func allOnes(b uint64) uint64 { return -b }

// laneBinary computes one lane of a lane-wise binary instruction; a and b
// are the lanes' bits, zero-extended.
func laneBinary(op Op, c Cond, s Shape, a, b uint64) uint64 {
	w := s.LaneBits()
	if s.IsFloat() {
		t := laneType(s)
		switch op {
		case OpVpmin: // b < a ? b : a
			if EvalLaneCompare(t, CondFLt, b, a) {
				return b
			}
			return a
		case OpVpmax: // a < b ? b : a
			if EvalLaneCompare(t, CondFLt, a, b) {
				return b
			}
			return a
		case OpVfcmp:
			return allOnes(b2u(EvalLaneCompare(t, c, a, b)))
		}
		r, _ := EvalBinary(scalarFloatOp[op], c, t, a, b)
		return r
	}
	sa, sb := sext(a, w), sext(b, w)
	switch op {
	case OpVadd:
		return a + b
	case OpVsub:
		return a - b
	case OpVmul:
		return a * b
	case OpVsaddSat:
		return satS(sa+sb, w)
	case OpVuaddSat:
		return satU(int64(a+b), w)
	case OpVssubSat:
		return satS(sa-sb, w)
	case OpVusubSat:
		return satU(int64(a)-int64(b), w)
	case OpVsmin:
		return uint64(min(sa, sb))
	case OpVumin:
		return min(a, b)
	case OpVsmax:
		return uint64(max(sa, sb))
	case OpVumax:
		return max(a, b)
	case OpVavgrU:
		return (a + b + 1) >> 1
	case OpVq15mulrSat:
		return satS((sa*sb+0x4000)>>15, w)
	case OpVicmp:
		return allOnes(icmp(c, uint64(sa), uint64(sb), a, b))
	}
	return 0
}

// EvalLaneCompare compares two float lanes of type t (f32 or f64 bits).
func EvalLaneCompare(t Type, c Cond, a, b uint64) bool {
	r, _ := EvalBinary(OpFcmp, c, t, a, b)
	return r != 0
}

// laneUnary computes one lane of a lane-wise unary instruction.
func laneUnary(op Op, s Shape, a uint64) uint64 {
	if s.IsFloat() {
		t := laneType(s)
		r, _ := EvalUnary(scalarFloatOp[op], t, t, 0, a)
		return r
	}
	switch op {
	case OpVneg:
		return -a
	case OpVabs:
		if sext(a, s.LaneBits()) < 0 {
			return -a
		}
		return a
	case OpVpopcnt:
		return uint64(bits.OnesCount64(a))
	}
	return 0
}

func shuffle(lo, hi uint64, x, y V128) V128 {
	var r V128
	for i := range 16 {
		sel := lo >> (8 * i)
		if i >= 8 {
			sel = hi >> (8 * (i - 8))
		}
		j := int(byte(sel))
		var b byte
		switch {
		case j < 16:
			b = x.Byte(j)
		case j < 32:
			b = y.Byte(j - 16)
		}
		r.SetLane(ShapeI8x16, i, uint64(b))
	}
	return r
}

func shiftLanes(op Op, s Shape, x V128, count uint64) V128 {
	w := s.LaneBits()
	n := count % uint64(w)
	var r V128
	for i := range s.Lanes() {
		a := x.Lane(s, i)
		var v uint64
		switch op {
		case OpVishl:
			v = a << n
		case OpVsshr:
			v = uint64(sext(a, w) >> n)
		default:
			v = a >> n
		}
		r.SetLane(s, i, v)
	}
	return r
}

// narrow packs the lanes of x then y, of twice the width of the result
// shape s, with saturation.
func narrow(op Op, s Shape, x, y V128) V128 {
	src := s + 1
	n := src.Lanes()
	var r V128
	for i := range s.Lanes() {
		v := x
		if i >= n {
			v = y
		}
		a := sext(v.Lane(src, i%n), src.LaneBits())
		if op == OpVsnarrow {
			r.SetLane(s, i, satS(a, s.LaneBits()))
		} else {
			r.SetLane(s, i, satU(a, s.LaneBits()))
		}
	}
	return r
}

// extendLane reads lane i of the half-width shape of s from x, extended.
func extendLane(signed bool, s Shape, x V128, i int) uint64 {
	src := s.Narrow()
	a := x.Lane(src, i)
	if signed {
		return uint64(sext(a, src.LaneBits()))
	}
	return a
}

// extend widens half (0 low, 1 high) of x, and for extmul of y, to the
// result shape s.
func extend(op Op, s Shape, half int, x, y V128) V128 {
	signed := op == OpVsextend || op == OpVsextmul
	n := s.Lanes()
	var r V128
	for i := range n {
		v := extendLane(signed, s, x, half*n+i)
		if op == OpVsextmul || op == OpVuextmul {
			v *= extendLane(signed, s, y, half*n+i)
		}
		r.SetLane(s, i, v)
	}
	return r
}

// pairwise computes extadd_pairwise and dot: result lane i combines the
// half-width lanes 2i and 2i+1.
func pairwise(op Op, s Shape, x, y V128) V128 {
	signed := op != OpVuextaddPairwise
	var r V128
	for i := range s.Lanes() {
		a, b := extendLane(signed, s, x, 2*i), extendLane(signed, s, x, 2*i+1)
		if op == OpVdot {
			a *= extendLane(true, s, y, 2*i)
			b *= extendLane(true, s, y, 2*i+1)
		}
		r.SetLane(s, i, a+b)
	}
	return r
}

// convertLanes computes the conversions between integer and float lanes.
// The shape s is the source for the truncations and the result for the
// others.
func convertLanes(op Op, s Shape, x V128) V128 {
	var r V128
	switch op {
	case OpVfcvtToSintSat, OpVfcvtToUintSat:
		scalar := OpFcvtToSintSat
		if op == OpVfcvtToUintSat {
			scalar = OpFcvtToUintSat
		}
		for i := range s.Lanes() {
			v, _ := truncToInt(scalar, laneType(s), TypeI32, x.Lane(s, i))
			r.SetLane(ShapeI32x4, i, v)
		}
	case OpVfcvtFromSint, OpVfcvtFromUint:
		scalar := OpFcvtFromSint
		if op == OpVfcvtFromUint {
			scalar = OpFcvtFromUint
		}
		for i := range s.Lanes() {
			r.SetLane(s, i, convertFromInt(scalar, TypeI32, laneType(s), x.Lane(ShapeI32x4, i)))
		}
	case OpVfdemote:
		for i := range 2 {
			v, _ := EvalUnary(OpFdemote, TypeF64, TypeF32, 0, x.Lane(ShapeF64x2, i))
			r.SetLane(ShapeF32x4, i, v)
		}
	case OpVfpromote:
		for i := range 2 {
			v, _ := EvalUnary(OpFpromote, TypeF32, TypeF64, 0, x.Lane(ShapeF32x4, i))
			r.SetLane(ShapeF64x2, i, v)
		}
	}
	return r
}

// EvalSIMDLoad computes the result of a SIMD load other than a full
// v128 load (OpVloadSplat, OpVloadZero, OpVloadSextend, OpVloadUextend,
// OpVloadLane) from the bits read from memory, zero-extended, and for
// OpVloadLane the vector operand x.
func EvalSIMDLoad(in *Instr, mem uint64, x V128) V128 {
	size := MemAccess(in.Aux).Size()
	switch in.Op {
	case OpVloadSplat:
		return splat(IntShapeOfSize(size), mem)
	case OpVloadZero:
		return V128{Lo: mem}
	case OpVloadSextend, OpVloadUextend:
		op := OpVsextend
		if in.Op == OpVloadUextend {
			op = OpVuextend
		}
		return extend(op, Shape(in.Aux2), 0, V128{Lo: mem}, V128{})
	case OpVloadLane:
		x.SetLane(IntShapeOfSize(size), int(in.Aux2), mem)
		return x
	}
	return V128{}
}

// EvalSIMDStoreLane returns the bits OpVstoreLane writes: lane Aux2 of x.
func EvalSIMDStoreLane(in *Instr, x V128) uint64 {
	return x.Lane(IntShapeOfSize(MemAccess(in.Aux).Size()), int(in.Aux2))
}
