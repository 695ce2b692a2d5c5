package ssa

import (
	"math"
	"math/bits"
)

// This file defines what the arithmetic instructions compute, as Go
// functions on value bits. The interpreter executes with them and constant
// folding uses them, so the IR has one executable definition; it follows
// the WebAssembly numeric semantics (spec 4.3).

// EvalBinary computes a two-operand arithmetic or comparison instruction on
// values of type t. A non-zero TrapCode means the instruction traps.
func EvalBinary(op Op, cond Cond, t Type, x, y uint64) (uint64, TrapCode) {
	switch t {
	case TypeI32:
		if op == OpIcmp {
			return icmp(cond, uint64(int64(int32(x))), uint64(int64(int32(y))), uint64(uint32(x)), uint64(uint32(y))), 0
		}
		return intBinary(op, 32, x, y)
	case TypeI64:
		if op == OpIcmp {
			return icmp(cond, x, y, x, y), 0
		}
		return intBinary(op, 64, x, y)
	case TypeF32:
		a, b := math.Float32frombits(uint32(x)), math.Float32frombits(uint32(y))
		if op == OpFcmp {
			return fcmp(cond, float64(a), float64(b)), 0
		}
		return uint64(f32Binary(op, a, b, uint32(x), uint32(y))), 0
	case TypeF64:
		a, b := math.Float64frombits(x), math.Float64frombits(y)
		if op == OpFcmp {
			return fcmp(cond, a, b), 0
		}
		return f64Binary(op, a, b, x, y), 0
	}
	return 0, 0
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// icmp compares signed (sx, sy: sign-extended) or unsigned (ux, uy) forms.
func icmp(c Cond, sx, sy, ux, uy uint64) uint64 {
	switch c {
	case CondEq:
		return b2u(ux == uy)
	case CondNe:
		return b2u(ux != uy)
	case CondSLt:
		return b2u(int64(sx) < int64(sy))
	case CondSLe:
		return b2u(int64(sx) <= int64(sy))
	case CondSGt:
		return b2u(int64(sx) > int64(sy))
	case CondSGe:
		return b2u(int64(sx) >= int64(sy))
	case CondULt:
		return b2u(ux < uy)
	case CondULe:
		return b2u(ux <= uy)
	case CondUGt:
		return b2u(ux > uy)
	case CondUGe:
		return b2u(ux >= uy)
	}
	return 0
}

func fcmp(c Cond, a, b float64) uint64 {
	switch c {
	case CondEq:
		return b2u(a == b)
	case CondNe:
		return b2u(a != b)
	case CondFLt:
		return b2u(a < b)
	case CondFLe:
		return b2u(a <= b)
	case CondFGt:
		return b2u(a > b)
	case CondFGe:
		return b2u(a >= b)
	}
	return 0
}

// intBinary computes an integer instruction on values of width bits (32
// or 64), held zero-extended in x and y.
func intBinary(op Op, bits uint, x, y uint64) (uint64, TrapCode) {
	mask := uint64(math.MaxUint64) >> (64 - bits)
	x, y = x&mask, y&mask
	shift := 64 - bits
	sx, sy := int64(x<<shift)>>shift, int64(y<<shift)>>shift // sign-extended
	count := y & uint64(bits-1)
	var r uint64
	switch op {
	case OpIadd:
		r = x + y
	case OpIsub:
		r = x - y
	case OpImul:
		r = x * y
	case OpSdiv, OpUdiv, OpSrem, OpUrem:
		if y == 0 {
			return 0, TrapIntegerDivideByZero
		}
		minInt := int64(-1) << (bits - 1)
		switch {
		case op == OpSdiv && sx == minInt && sy == -1:
			return 0, TrapIntegerOverflow
		case op == OpSrem && sy == -1:
			r = 0
		case op == OpSdiv:
			r = uint64(sx / sy)
		case op == OpSrem:
			r = uint64(sx % sy)
		case op == OpUdiv:
			r = x / y
		default:
			r = x % y
		}
	case OpBand:
		r = x & y
	case OpBor:
		r = x | y
	case OpBxor:
		r = x ^ y
	case OpIshl:
		r = x << count
	case OpSshr:
		r = uint64(sx >> count)
	case OpUshr:
		r = x >> count
	case OpRotl:
		r = x<<count | x>>(uint64(bits)-count)
	case OpRotr:
		r = x>>count | x<<(uint64(bits)-count)
	}
	return r & mask, 0
}

const (
	f32SignBit = 1 << 31
	f64SignBit = 1 << 63
	f32Quiet   = 1 << 22
	f64Quiet   = 1 << 51
)

func f32Binary(op Op, a, b float32, xb, yb uint32) uint32 {
	switch op {
	case OpFadd:
		return math.Float32bits(a + b)
	case OpFsub:
		return math.Float32bits(a - b)
	case OpFmul:
		return math.Float32bits(a * b)
	case OpFdiv:
		return math.Float32bits(a / b)
	case OpFmin, OpFmax:
		if a != a {
			return xb | f32Quiet
		}
		if b != b {
			return yb | f32Quiet
		}
		return uint32(fminmax(op, float64(a), float64(b), uint64(xb)<<32, uint64(yb)<<32) >> 32)
	case OpFcopysign:
		return xb&^f32SignBit | yb&f32SignBit
	}
	return 0
}

func f64Binary(op Op, a, b float64, xb, yb uint64) uint64 {
	switch op {
	case OpFadd:
		return math.Float64bits(a + b)
	case OpFsub:
		return math.Float64bits(a - b)
	case OpFmul:
		return math.Float64bits(a * b)
	case OpFdiv:
		return math.Float64bits(a / b)
	case OpFmin, OpFmax:
		if a != a {
			return xb | f64Quiet
		}
		if b != b {
			return yb | f64Quiet
		}
		return fminmax(op, a, b, xb, yb)
	case OpFcopysign:
		return xb&^f64SignBit | yb&f64SignBit
	}
	return 0
}

// fminmax picks between two non-NaN operands, with -0 < +0; xb and yb are
// the operands' bits with the sign in bit 63.
func fminmax(op Op, a, b float64, xb, yb uint64) uint64 {
	if a == b { // equal, or +0 and -0: decide by sign
		neg := xb&f64SignBit != 0
		if (op == OpFmin) == neg {
			return xb
		}
		return yb
	}
	if (a < b) == (op == OpFmin) {
		return xb
	}
	return yb
}

// EvalUnary computes a one-operand instruction whose operand has type from
// and whose result has type to. A non-zero TrapCode means it traps.
func EvalUnary(op Op, from, to Type, aux uint32, x uint64) (uint64, TrapCode) {
	switch op {
	case OpBswap:
		if from == TypeI32 {
			return uint64(bits.ReverseBytes32(uint32(x))), 0
		}
		return bits.ReverseBytes64(x), 0
	case OpClz, OpCtz, OpPopcnt:
		if from == TypeI32 {
			v := uint32(x)
			switch op {
			case OpClz:
				return uint64(bits.LeadingZeros32(v)), 0
			case OpCtz:
				return uint64(bits.TrailingZeros32(v)), 0
			}
			return uint64(bits.OnesCount32(v)), 0
		}
		switch op {
		case OpClz:
			return uint64(bits.LeadingZeros64(x)), 0
		case OpCtz:
			return uint64(bits.TrailingZeros64(x)), 0
		}
		return uint64(bits.OnesCount64(x)), 0
	case OpFabs, OpFneg, OpFsqrt, OpFceil, OpFfloor, OpFtrunc, OpFnearest:
		return floatUnary(op, from, x), 0
	case OpIreduce:
		return uint64(uint32(x)), 0
	case OpSextend:
		shift := 64 - aux
		v := uint64(int64(x<<shift) >> shift)
		if to == TypeI32 {
			v = uint64(uint32(v))
		}
		return v, 0
	case OpUextend:
		return x & (1<<aux - 1), 0
	case OpBitcast:
		return x, 0
	case OpFpromote:
		f := math.Float32frombits(uint32(x))
		if f != f {
			return uint64(x&f32SignBit)<<32 | 0x7FF<<52 | f64Quiet | uint64(x&(f32Quiet-1))<<29, 0
		}
		return math.Float64bits(float64(f)), 0
	case OpFdemote:
		f := math.Float64frombits(x)
		if f != f {
			return x>>32&f32SignBit | 0x7F800000 | f32Quiet | x&(f64Quiet-1)>>29, 0
		}
		return uint64(math.Float32bits(float32(f))), 0
	case OpFcvtToSint, OpFcvtToUint, OpFcvtToSintSat, OpFcvtToUintSat:
		return truncToInt(op, from, to, x)
	case OpFcvtFromSint, OpFcvtFromUint:
		return convertFromInt(op, from, to, x), 0
	}
	return 0, 0
}

func floatUnary(op Op, t Type, x uint64) uint64 {
	if t == TypeF32 {
		switch op {
		case OpFabs:
			return x &^ f32SignBit
		case OpFneg:
			return x ^ f32SignBit
		}
		f := math.Float32frombits(uint32(x))
		if f != f {
			return x | f32Quiet
		}
		return uint64(math.Float32bits(float32(roundOp(op, float64(f)))))
	}
	switch op {
	case OpFabs:
		return x &^ f64SignBit
	case OpFneg:
		return x ^ f64SignBit
	}
	f := math.Float64frombits(x)
	if f != f {
		return x | f64Quiet
	}
	return math.Float64bits(roundOp(op, f))
}

// roundOp applies sqrt or a rounding; for f32 operands the result is
// exact in float64 before narrowing (sqrt rounds once more, which is
// correct for sqrt).
func roundOp(op Op, f float64) float64 {
	switch op {
	case OpFsqrt:
		return math.Sqrt(f)
	case OpFceil:
		return math.Ceil(f)
	case OpFfloor:
		return math.Floor(f)
	case OpFtrunc:
		return math.Trunc(f)
	case OpFnearest:
		return math.RoundToEven(f)
	}
	return f
}

func truncToInt(op Op, from, to Type, x uint64) (uint64, TrapCode) {
	var f float64
	if from == TypeF32 {
		f = float64(math.Float32frombits(uint32(x)))
	} else {
		f = math.Float64frombits(x)
	}
	sat := op == OpFcvtToSintSat || op == OpFcvtToUintSat
	signed := op == OpFcvtToSint || op == OpFcvtToSintSat
	if f != f {
		if sat {
			return 0, 0
		}
		return 0, TrapInvalidConversion
	}
	t := math.Trunc(f)
	var lo, hi float64 // the representable range of t is [lo, hi)
	switch {
	case signed && to == TypeI32:
		lo, hi = -(1 << 31), 1<<31
	case signed:
		lo, hi = -(1 << 63), 1<<63
	case to == TypeI32:
		lo, hi = 0, 1<<32
	default:
		lo, hi = 0, 1<<64
	}
	if t < lo || t >= hi {
		if !sat {
			return 0, TrapIntegerOverflow
		}
		if t < lo {
			t = lo
		} else {
			return maxInt(signed, to), 0
		}
	}
	var v uint64
	if signed {
		v = uint64(int64(t))
	} else {
		v = uint64(t)
	}
	if to == TypeI32 {
		v = uint64(uint32(v))
	}
	return v, 0
}

func maxInt(signed bool, t Type) uint64 {
	switch {
	case signed && t == TypeI32:
		return math.MaxInt32
	case signed:
		return math.MaxInt64
	case t == TypeI32:
		return math.MaxUint32
	}
	return math.MaxUint64
}

func convertFromInt(op Op, from, to Type, x uint64) uint64 {
	signed := op == OpFcvtFromSint
	if from == TypeI32 {
		if signed {
			x = uint64(int64(int32(x)))
		} else {
			x = uint64(uint32(x))
		}
	}
	if to == TypeF32 {
		if signed {
			return uint64(math.Float32bits(float32(int64(x))))
		}
		return uint64(math.Float32bits(float32(x)))
	}
	if signed {
		return math.Float64bits(float64(int64(x)))
	}
	return math.Float64bits(float64(x))
}
