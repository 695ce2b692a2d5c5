package arm64

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

var floatBinaryOps = map[ssa.Op]uint32{ssa.OpFadd: opFadd, ssa.OpFsub: opFsub, ssa.OpFmul: opFmul,
	ssa.OpFdiv: opFdiv, ssa.OpFmin: opFmin, ssa.OpFmax: opFmax}

// floatBinary emits the arithmetic of two floats. The hardware's min and
// max already follow WebAssembly: NaN in, NaN out, and -0 below +0.
func (fe *funcEmitter) floatBinary(m *mach.Instr) {
	e := fe.e
	a, b := fe.use(m.A, scratchA), fe.use(m.B, scratchB)
	if m.Sub == ssa.OpFcopysign {
		sign := uint64(1) << (8*m.Size - 1)
		e.fmovToInt(m.Size, scratchA, a)
		e.fmovToInt(m.Size, scratchB, b)
		nb, r, s, _ := bitmask(sign, m.Size)
		e.logicImm(opAnd, m.Size, scratchB, scratchB, nb, r, s)
		nb, r, s, _ = bitmask(^sign, m.Size)
		e.logicImm(opAnd, m.Size, scratchA, scratchA, nb, r, s)
		e.logicReg(opOrr, m.Size, scratchA, scratchA, scratchB, false)
		d := fe.def(m.Dst)
		e.fmovToFloat(m.Size, d, scratchA)
		fe.finish(m.Dst, d)
		return
	}
	d := fe.def(m.Dst)
	e.fbinary(floatBinaryOps[m.Sub], m.Size, d, a, b)
	fe.finish(m.Dst, d)
}

var floatUnaryOps = map[ssa.Op]uint32{ssa.OpFabs: opFabs, ssa.OpFneg: opFneg, ssa.OpFsqrt: opFsqrt,
	ssa.OpFnearest: opFrintn, ssa.OpFceil: opFrintp, ssa.OpFfloor: opFrintm, ssa.OpFtrunc: opFrintz}

// floatUnary emits abs and neg (sign-bit operations that keep NaN
// payloads), sqrt and the roundings.
func (fe *funcEmitter) floatUnary(m *mach.Instr) {
	d := fe.def(m.Dst)
	fe.e.funary(floatUnaryOps[m.Sub], m.Size, d, fe.use(m.A, scratchB))
	fe.finish(m.Dst, d)
}

// floatCond maps a float comparison to the condition that is false when
// the operands are unordered (except "ne", which is true then).
func floatCond(c ssa.Cond) cond {
	switch c {
	case ssa.CondEq:
		return condEQ
	case ssa.CondNe:
		return condNE
	case ssa.CondFLt:
		return condMI
	case ssa.CondFLe:
		return condLS
	case ssa.CondFGt:
		return condGT
	case ssa.CondFGe:
		return condGE
	}
	panic("arm64: float condition expected")
}

func (fe *funcEmitter) floatCompare(m *mach.Instr) {
	e := fe.e
	e.fcmp(m.Size, fe.use(m.A, scratchA), fe.use(m.B, scratchB))
	d := fe.def(m.Dst)
	e.cset(d, floatCond(m.Cond))
	fe.finish(m.Dst, d)
	fe.cond = mach.CondFlags{V: m.Dst, Code: uint8(floatCond(m.Cond)), End: e.pos()}
}

func (fe *funcEmitter) convert(m *mach.Instr) {
	e := fe.e
	switch m.Sub {
	case ssa.OpBitcast:
		d := fe.def(m.Dst)
		a := fe.use(m.A, scratchB)
		if m.To.IsFloat() {
			e.fmovToFloat(m.Size, d, a)
		} else {
			e.fmovToInt(m.Size, d, a)
		}
		fe.finish(m.Dst, d)
	case ssa.OpFpromote, ssa.OpFdemote:
		d := fe.def(m.Dst)
		e.fcvt(mach.SizeOf(m.To), mach.SizeOf(m.From), d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	case ssa.OpFcvtFromSint, ssa.OpFcvtFromUint:
		d := fe.def(m.Dst)
		e.cvtToFloat(m.Sub == ssa.OpFcvtFromSint, mach.SizeOf(m.To), mach.SizeOf(m.From), d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	case ssa.OpFcvtToSintSat, ssa.OpFcvtToUintSat:
		// The hardware saturates and turns NaN into 0, as WebAssembly
		// asks.
		d := fe.def(m.Dst)
		e.cvtToInt(m.Sub == ssa.OpFcvtToSintSat, mach.SizeOf(m.To), mach.SizeOf(m.From), d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	default:
		fe.truncate(m)
	}
}

// truncate converts a float to an integer, trapping on NaN and on values
// whose truncation the integer type cannot hold. The range checks run in
// double precision, which holds every single-precision value exactly.
func (fe *funcEmitter) truncate(m *mach.Instr) {
	e := fe.e
	signed := m.Sub == ssa.OpFcvtToSint
	isize := mach.SizeOf(m.To)
	x, bound := floatScratch(scratchA), floatScratch(scratchB)
	a := fe.use(m.A, scratchB)
	if m.From == ssa.TypeF32 {
		e.fcvt(8, 4, x, a)
	} else {
		e.fmov(x, a)
	}
	var lo, hi float64
	loInclusive := false
	switch {
	case signed && isize == 4:
		lo, hi = -2147483649, 2147483648
	case signed:
		lo, hi, loInclusive = -9223372036854775808, 9223372036854775808, true
	case isize == 4:
		lo, hi = -1, 4294967296
	default:
		lo, hi = -1, 18446744073709551616
	}
	e.fcmp(8, x, x)
	fe.trapBranch(ssa.TrapInvalidConversion, e.bcond(condVS))
	fe.loadF64(bound, lo)
	e.fcmp(8, x, bound)
	if loInclusive {
		fe.trapBranch(ssa.TrapIntegerOverflow, e.bcond(condLT))
	} else {
		fe.trapBranch(ssa.TrapIntegerOverflow, e.bcond(condLE))
	}
	fe.loadF64(bound, hi)
	e.fcmp(8, x, bound)
	fe.trapBranch(ssa.TrapIntegerOverflow, e.bcond(condGE))
	d := fe.def(m.Dst)
	e.cvtToInt(signed, isize, 8, d, x)
	fe.finish(m.Dst, d)
}

// loadF64 puts a double constant in float register x.
func (fe *funcEmitter) loadF64(x reg, f float64) {
	fe.e.movImm(8, scratchC, int64(math.Float64bits(f)))
	fe.e.fmovToFloat(8, x, scratchC)
}
