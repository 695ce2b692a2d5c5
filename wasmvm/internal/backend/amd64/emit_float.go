package amd64

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Condition codes for parity and sign.
const (
	ccS  = 0x8
	ccP  = 0xA
	ccNP = 0xB
)

// signMask is the sign bit of a float of size bytes.
func signMask(size uint8) int64 {
	if size == 4 {
		return 1 << 31
	}
	return -1 << 63
}

func (fe *funcEmitter) selectFloat(m *minst) {
	e := fe.e
	d := fe.def(m.dst)
	c := fe.use(m.c, scratchC)
	fe.moveTo(d, m.b)
	e.test(4, c, c)
	skip := e.jcc32(ccE)
	fe.moveTo(d, m.a)
	e.patch32(skip, len(e.b))
	fe.finish(m.dst, d)
}

func (fe *funcEmitter) floatBinary(m *minst) {
	e := fe.e
	if m.sub == ssa.OpFcopysign {
		e.movXtoG(m.size, scratchA, fe.use(m.a, scratchB))
		e.movXtoG(m.size, scratchB, fe.use(m.b, scratchC))
		e.movRI(8, scratchC, signMask(m.size))
		e.aluRR(aluAnd, m.size, scratchB, scratchC)
		e.movRI(8, scratchC, ^signMask(m.size))
		e.aluRR(aluAnd, m.size, scratchA, scratchC)
		e.aluRR(aluOr, m.size, scratchA, scratchB)
		d := fe.def(m.dst)
		e.movGtoX(m.size, d, scratchA)
		fe.finish(m.dst, d)
		return
	}
	d := fe.def(m.dst)
	a, b := fe.use(m.a, scratchB), fe.use(m.b, scratchC)
	if d != a {
		e.movaps(d, a)
	}
	switch m.sub {
	case ssa.OpFadd:
		e.arithF(m.size, sseAdd, d, b)
	case ssa.OpFsub:
		e.arithF(m.size, sseSub, d, b)
	case ssa.OpFmul:
		e.arithF(m.size, sseMul, d, b)
	case ssa.OpFdiv:
		e.arithF(m.size, sseDiv, d, b)
	case ssa.OpFmin, ssa.OpFmax:
		// minsd/maxsd differ from WebAssembly on NaN and on zeros of
		// different signs: handle equality and unordered operands first.
		e.ucomis(m.size, d, b)
		nan := e.jcc32(ccP)
		notEqual := e.jcc32(ccNE)
		if m.sub == ssa.OpFmin {
			e.bitwiseF(0x56, d, b) // orpd: -0 wins
		} else {
			e.bitwiseF(0x54, d, b) // andpd: +0 wins
		}
		done1 := e.jmp32()
		e.patch32(nan, len(e.b))
		e.arithF(m.size, sseAdd, d, b) // a quiet NaN
		done2 := e.jmp32()
		e.patch32(notEqual, len(e.b))
		if m.sub == ssa.OpFmin {
			e.arithF(m.size, sseMin, d, b)
		} else {
			e.arithF(m.size, sseMax, d, b)
		}
		e.patch32(done1, len(e.b))
		e.patch32(done2, len(e.b))
	}
	fe.finish(m.dst, d)
}

func (fe *funcEmitter) floatUnary(m *minst) {
	e := fe.e
	a := fe.use(m.a, scratchB)
	d := fe.def(m.dst)
	switch m.sub {
	case ssa.OpFabs, ssa.OpFneg:
		e.movXtoG(m.size, scratchA, a)
		if m.sub == ssa.OpFabs {
			e.movRI(8, scratchC, ^signMask(m.size))
			e.aluRR(aluAnd, m.size, scratchA, scratchC)
		} else {
			e.movRI(8, scratchC, signMask(m.size))
			e.aluRR(aluXor, m.size, scratchA, scratchC)
		}
		e.movGtoX(m.size, d, scratchA)
	case ssa.OpFsqrt:
		e.arithF(m.size, sseSqrt, d, a)
	case ssa.OpFnearest:
		e.roundF(m.size, d, a, 8|0)
	case ssa.OpFfloor:
		e.roundF(m.size, d, a, 8|1)
	case ssa.OpFceil:
		e.roundF(m.size, d, a, 8|2)
	case ssa.OpFtrunc:
		e.roundF(m.size, d, a, 8|3)
	}
	fe.finish(m.dst, d)
}

func (fe *funcEmitter) floatCompare(m *minst) {
	e := fe.e
	a, b := fe.use(m.a, scratchB), fe.use(m.b, scratchC)
	d := fe.def(m.dst)
	switch m.cond {
	case ssa.CondEq, ssa.CondNe:
		e.ucomis(m.size, a, b)
		if m.cond == ssa.CondEq {
			e.setcc(ccE, d)
			e.setcc(ccNP, scratchB)
			e.aluRR(aluAnd, 4, d, scratchB)
		} else {
			e.setcc(ccNE, d)
			e.setcc(ccP, scratchB)
			e.aluRR(aluOr, 4, d, scratchB)
		}
	case ssa.CondFLt:
		e.ucomis(m.size, b, a)
		e.setcc(ccA, d)
	case ssa.CondFLe:
		e.ucomis(m.size, b, a)
		e.setcc(ccAE, d)
	case ssa.CondFGt:
		e.ucomis(m.size, a, b)
		e.setcc(ccA, d)
	case ssa.CondFGe:
		e.ucomis(m.size, a, b)
		e.setcc(ccAE, d)
	}
	fe.finish(m.dst, d)
}

func fsize(t ssa.Type) uint8 { return sizeOf(t) }

func (fe *funcEmitter) convert(m *minst) {
	e := fe.e
	switch m.sub {
	case ssa.OpBitcast:
		d := fe.def(m.dst)
		a := fe.use(m.a, scratchB)
		if m.to.IsFloat() {
			e.movGtoX(m.size, d, a)
		} else {
			e.movXtoG(m.size, d, a)
		}
		fe.finish(m.dst, d)
	case ssa.OpFpromote, ssa.OpFdemote:
		d := fe.def(m.dst)
		e.cvtFToF(fsize(m.from), d, fe.use(m.a, scratchB))
		fe.finish(m.dst, d)
	case ssa.OpFcvtFromSint:
		d := fe.def(m.dst)
		e.cvtIntToF(fsize(m.to), sizeOf(m.from), d, fe.use(m.a, scratchB))
		fe.finish(m.dst, d)
	case ssa.OpFcvtFromUint:
		fe.convertFromUint(m)
	default:
		fe.truncate(m)
	}
}

// convertFromUint converts an unsigned integer to a float.
func (fe *funcEmitter) convertFromUint(m *minst) {
	e := fe.e
	d := fe.def(m.dst)
	to := fsize(m.to)
	if m.from == ssa.TypeI32 {
		e.movRR(4, scratchB, fe.use(m.a, scratchB)) // zero-extend
		e.cvtIntToF(to, 8, d, scratchB)
		fe.finish(m.dst, d)
		return
	}
	fe.moveTo(scratchB, m.a)
	e.test(8, scratchB, scratchB)
	big := e.jcc32(ccS)
	e.cvtIntToF(to, 8, d, scratchB)
	done := e.jmp32()
	e.patch32(big, len(e.b))
	// Halve with the low bit kept sticky, convert, double.
	e.movRR(8, scratchC, scratchB)
	e.shiftImm(8, 5, scratchC, 1)
	e.aluRI(aluAnd, 4, scratchB, 1)
	e.aluRR(aluOr, 8, scratchC, scratchB)
	e.cvtIntToF(to, 8, d, scratchC)
	e.arithF(to, sseAdd, d, d)
	e.patch32(done, len(e.b))
	fe.finish(m.dst, d)
}

// truncate converts a float to an integer, trapping (or saturating) on NaN
// and out-of-range values. The range checks run in double precision, which
// holds every single-precision value exactly.
func (fe *funcEmitter) truncate(m *minst) {
	e := fe.e
	sat := m.sub == ssa.OpFcvtToSintSat || m.sub == ssa.OpFcvtToUintSat
	signed := m.sub == ssa.OpFcvtToSint || m.sub == ssa.OpFcvtToSintSat
	isize := sizeOf(m.to)
	x := X15
	if m.from == ssa.TypeF32 {
		e.cvtFToF(4, x, fe.use(m.a, scratchB))
	} else if a := fe.use(m.a, scratchB); a != x {
		e.movaps(x, a)
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
	d := fe.def(m.dst)
	var toNaN, toLow, toHigh []int
	e.ucomis(8, x, x)
	toNaN = append(toNaN, e.jcc32(ccP))
	fe.loadF64(X14, lo)
	e.ucomis(8, x, X14)
	if loInclusive {
		toLow = append(toLow, e.jcc32(ccB))
	} else {
		toLow = append(toLow, e.jcc32(ccBE))
	}
	fe.loadF64(X14, hi)
	e.ucomis(8, x, X14)
	toHigh = append(toHigh, e.jcc32(ccAE))
	switch {
	case signed || isize == 4:
		e.cvttFToInt(8, max(isize, 4), d, x)
		if !signed {
			e.cvttFToInt(8, 8, d, x) // fits in 64 bits, upper half zero
		}
	default:
		// Values of 2^63 and above: subtract 2^63 first, add it back.
		fe.loadF64(X14, 9223372036854775808)
		e.ucomis(8, x, X14)
		big := e.jcc32(ccAE)
		e.cvttFToInt(8, 8, d, x)
		done := e.jmp32()
		e.patch32(big, len(e.b))
		e.arithF(8, sseSub, x, X14)
		e.cvttFToInt(8, 8, d, x)
		e.movRI(8, scratchC, -1<<63)
		e.aluRR(aluOr, 8, d, scratchC)
		e.patch32(done, len(e.b))
	}
	if !sat {
		fe.trapStubs[ssa.TrapInvalidConversion] = append(fe.trapStubs[ssa.TrapInvalidConversion], toNaN...)
		fe.trapStubs[ssa.TrapIntegerOverflow] = append(fe.trapStubs[ssa.TrapIntegerOverflow], toLow...)
		fe.trapStubs[ssa.TrapIntegerOverflow] = append(fe.trapStubs[ssa.TrapIntegerOverflow], toHigh...)
		fe.finish(m.dst, d)
		return
	}
	done := e.jmp32()
	saturate := func(jumps []int, v int64) int {
		for _, j := range jumps {
			e.patch32(j, len(e.b))
		}
		e.movRI(isize, d, v)
		return e.jmp32()
	}
	var minV, maxV int64
	switch {
	case signed && isize == 4:
		minV, maxV = math.MinInt32, math.MaxInt32
	case signed:
		minV, maxV = math.MinInt64, math.MaxInt64
	case isize == 4:
		minV, maxV = 0, math.MaxUint32
	default:
		minV, maxV = 0, -1
	}
	ends := []int{saturate(toNaN, 0), saturate(toLow, minV), saturate(toHigh, maxV)}
	for _, j := range append(ends, done) {
		e.patch32(j, len(e.b))
	}
	fe.finish(m.dst, d)
}

// loadF64 puts a double constant in x through RCX.
func (fe *funcEmitter) loadF64(x reg, v float64) {
	fe.e.movRI(8, scratchC, int64(math.Float64bits(v)))
	fe.e.movGtoX(8, x, scratchC)
}
