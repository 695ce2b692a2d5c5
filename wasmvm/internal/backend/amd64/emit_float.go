package amd64

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
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

func (fe *funcEmitter) selectFloat(m *mach.Instr) {
	e := fe.e
	d := fe.def(m.Dst)
	start := len(e.b)
	claimed := fe.cond.End == start
	skip := e.jcc32(fe.selectStart(m, d) ^ 1)
	fe.moveTo(d, m.A)
	e.patch32(skip, len(e.b))
	fe.finish(m.Dst, d)
	if claimed {
		fe.keepCond(start) // a jump and moves leave the flags alone
	}
}

func (fe *funcEmitter) floatBinary(m *mach.Instr) {
	e := fe.e
	if m.MemB {
		fe.aluMemory(m)
		return
	}
	if m.Sub == ssa.OpFcopysign {
		// a's magnitude (the sign shifted out and back) or b's sign
		// (the rest shifted out and back).
		bits := byte(8*m.Size - 1)
		e.movXtoG(m.Size, scratchA, fe.use(m.A, scratchB))
		e.movXtoG(m.Size, scratchB, fe.use(m.B, scratchX))
		e.shiftImm(m.Size, shiftDigit(ssa.OpIshl), scratchA, 1)
		e.shiftImm(m.Size, shiftDigit(ssa.OpUshr), scratchA, 1)
		e.shiftImm(m.Size, shiftDigit(ssa.OpUshr), scratchB, bits)
		e.shiftImm(m.Size, shiftDigit(ssa.OpIshl), scratchB, bits)
		e.aluRR(aluOr, m.Size, scratchA, scratchB)
		d := fe.def(m.Dst)
		e.movGtoX(m.Size, d, scratchA)
		fe.finish(m.Dst, d)
		return
	}
	if m.BImm {
		fe.floatConstOperand(m)
		return
	}
	d := fe.def(m.Dst)
	a, b := fe.use(m.A, scratchB), fe.use(m.B, scratchX)
	if op, ok := floatOpOf(m.Sub); ok && fe.avx() {
		// Three operands: no copy of a into d.
		e.vexRRR(scalarVop(m.Size, op), d, a, b)
		fe.finish(m.Dst, d)
		return
	}
	if d != a {
		e.movaps(d, a)
	}
	switch m.Sub {
	case ssa.OpFadd:
		e.arithF(m.Size, sseAdd, d, b)
	case ssa.OpFsub:
		e.arithF(m.Size, sseSub, d, b)
	case ssa.OpFmul:
		e.arithF(m.Size, sseMul, d, b)
	case ssa.OpFdiv:
		e.arithF(m.Size, sseDiv, d, b)
	case ssa.OpFmin, ssa.OpFmax:
		// minsd/maxsd differ from WebAssembly on NaN and on zeros of
		// different signs: handle equality and unordered operands first.
		e.ucomis(m.Size, d, b)
		nan := e.jcc32(ccP)
		notEqual := e.jcc32(ccNE)
		if m.Sub == ssa.OpFmin {
			e.bitwiseF(0x56, d, b) // orpd: -0 wins
		} else {
			e.bitwiseF(0x54, d, b) // andpd: +0 wins
		}
		done1 := e.jmp32()
		e.patch32(nan, len(e.b))
		e.arithF(m.Size, sseAdd, d, b) // a quiet NaN
		done2 := e.jmp32()
		e.patch32(notEqual, len(e.b))
		if m.Sub == ssa.OpFmin {
			e.arithF(m.Size, sseMin, d, b)
		} else {
			e.arithF(m.Size, sseMax, d, b)
		}
		e.patch32(done1, len(e.b))
		e.patch32(done2, len(e.b))
	}
	fe.finish(m.Dst, d)
}

// floatConstOperand emits d = a op constant, the constant (bits Imm) read
// from the function's constants after its code.
func (fe *funcEmitter) floatConstOperand(m *mach.Instr) {
	e := fe.e
	d, a := fe.def(m.Dst), fe.use(m.A, scratchB)
	var at int
	if fe.avx() {
		at = e.vexRIP(scalarVop(m.Size, floatOpFor(m.Sub)), d, a)
	} else {
		if d != a {
			e.movaps(d, a)
		}
		at = e.sseRIP(scalarPrefix(m.Size), floatOpFor(m.Sub), d)
	}
	fe.constants[uint64(m.Imm)] = append(fe.constants[uint64(m.Imm)], at)
	fe.finish(m.Dst, d)
}

func (fe *funcEmitter) floatUnary(m *mach.Instr) {
	e := fe.e
	a := fe.use(m.A, scratchB)
	d := fe.def(m.Dst)
	switch m.Sub {
	case ssa.OpFabs, ssa.OpFneg:
		// The sign bit cleared or flipped with a mask from the
		// function's constants (only the low lane matters).
		o, mask := vXorps, [2]uint64{uint64(signMask(m.Size)), 0}
		if m.Sub == ssa.OpFabs {
			o, mask = vAndps, [2]uint64{^uint64(signMask(m.Size)), 0}
		}
		if fe.avx() {
			fe.vconstants[mask] = append(fe.vconstants[mask], e.vexRIP(o, d, a))
			break
		}
		fe.vmov(d, a)
		fe.vconst(o, d, mask)
	case ssa.OpFsqrt:
		if fe.avx() {
			e.vexRRR(scalarVop(m.Size, sseSqrt), d, a, a)
			break
		}
		fe.copyForScalar(d, a)
		e.arithF(m.Size, sseSqrt, d, d)
	case ssa.OpFnearest:
		fe.round(m.Size, d, a, 8|0)
	case ssa.OpFfloor:
		fe.round(m.Size, d, a, 8|1)
	case ssa.OpFceil:
		fe.round(m.Size, d, a, 8|2)
	case ssa.OpFtrunc:
		fe.round(m.Size, d, a, 8|3)
	}
	fe.finish(m.Dst, d)
}

// The scalar SSE forms with one source (sqrtsd, roundsd, cvtsi2sd,
// cvtss2sd) write only the low lane of their destination and so wait for
// the destination's old value: the emitters give them a destination that
// holds their source already (movaps, which renaming removes) or was
// cleared (xorps), or, with AVX, the source as the VEX form's first
// operand, as compilers do.

// scalarVop is the VEX form of scalar SSE arithmetic opcode op.
func scalarVop(size uint8, op byte) vop { return vop{prefix: scalarPrefix(size), op: op} }

// copyForScalar copies a into d for a one-source scalar operation on d.
func (fe *funcEmitter) copyForScalar(d, a reg) {
	if d != a {
		fe.e.movaps(d, a)
	}
}

// round emits d = round(a) with mode (roundss, roundsd).
func (fe *funcEmitter) round(size uint8, d, a reg, mode byte) {
	if fe.avx() {
		op := vop{prefix: 0x66, esc: 0x3A, op: 0x0B}
		if size == 4 {
			op.op = 0x0A
		}
		fe.e.vexRRRI(op, d, a, a, mode)
		return
	}
	fe.copyForScalar(d, a)
	fe.e.roundF(size, d, d, mode)
}

// intToFloat emits x = (float) g, from a 32- or 64-bit signed integer,
// into a cleared x.
func (fe *funcEmitter) intToFloat(fsize, isize uint8, x, g reg) {
	fe.e.sseRR(0, false, 0x57, x, x) // xorps
	fe.e.cvtIntToF(fsize, isize, x, g)
}

func (fe *funcEmitter) floatCompare(m *mach.Instr) {
	e := fe.e
	a, b := fe.use(m.A, scratchB), fe.use(m.B, scratchX)
	d := fe.def(m.Dst)
	switch m.Cond {
	case ssa.CondEq, ssa.CondNe:
		e.ucomis(m.Size, a, b)
		if m.Cond == ssa.CondEq {
			e.setcc(ccE, d)
			e.setcc(ccNP, scratchB)
			e.aluRR(aluAnd, 4, d, scratchB)
		} else {
			e.setcc(ccNE, d)
			e.setcc(ccP, scratchB)
			e.aluRR(aluOr, 4, d, scratchB)
		}
	case ssa.CondFLt:
		e.ucomis(m.Size, b, a)
		e.setcc(ccA, d)
	case ssa.CondFLe:
		e.ucomis(m.Size, b, a)
		e.setcc(ccAE, d)
	case ssa.CondFGt:
		e.ucomis(m.Size, a, b)
		e.setcc(ccA, d)
	case ssa.CondFGe:
		e.ucomis(m.Size, a, b)
		e.setcc(ccAE, d)
	}
	fe.finish(m.Dst, d)
	fe.setCond(m.Dst, floatSetCond(m.Cond))
}

// floatSetCond is the condition code that holds, after floatCompare,
// where its result is 1: that of the one setcc, or for eq and ne "not
// zero", from the and or or that combined two.
func floatSetCond(c ssa.Cond) byte {
	switch c {
	case ssa.CondFLt, ssa.CondFGt:
		return ccA
	case ssa.CondFLe, ssa.CondFGe:
		return ccAE
	}
	return ccNE
}

func fsize(t ssa.Type) uint8 { return mach.SizeOf(t) }

func (fe *funcEmitter) convert(m *mach.Instr) {
	e := fe.e
	switch m.Sub {
	case ssa.OpBitcast:
		d := fe.def(m.Dst)
		a := fe.use(m.A, scratchB)
		if m.To.IsFloat() {
			e.movGtoX(m.Size, d, a)
		} else {
			e.movXtoG(m.Size, d, a)
		}
		fe.finish(m.Dst, d)
	case ssa.OpFpromote, ssa.OpFdemote:
		d := fe.def(m.Dst)
		fe.copyForScalar(d, fe.use(m.A, scratchB))
		e.cvtFToF(fsize(m.From), d, d)
		fe.finish(m.Dst, d)
	case ssa.OpFcvtFromSint:
		d := fe.def(m.Dst)
		fe.intToFloat(fsize(m.To), mach.SizeOf(m.From), d, fe.use(m.A, scratchB))
		fe.finish(m.Dst, d)
	case ssa.OpFcvtFromUint:
		fe.convertFromUint(m)
	default:
		fe.truncate(m)
	}
}

// convertFromUint converts an unsigned integer to a float.
func (fe *funcEmitter) convertFromUint(m *mach.Instr) {
	e := fe.e
	d := fe.def(m.Dst)
	to := fsize(m.To)
	if m.From == ssa.TypeI32 {
		e.movRR(4, scratchB, fe.use(m.A, scratchB)) // zero-extend
		fe.intToFloat(to, 8, d, scratchB)
		fe.finish(m.Dst, d)
		return
	}
	fe.moveTo(scratchB, m.A)
	e.test(8, scratchB, scratchB)
	big := e.jcc32(ccS)
	fe.intToFloat(to, 8, d, scratchB)
	done := e.jmp32()
	e.patch32(big, len(e.b))
	// Halve with the low bit kept sticky, convert, double (d is a float
	// register: scratchA is free).
	e.movRR(8, scratchA, scratchB)
	e.shiftImm(8, 5, scratchA, 1)
	e.aluRI(aluAnd, 4, scratchB, 1)
	e.aluRR(aluOr, 8, scratchA, scratchB)
	fe.intToFloat(to, 8, d, scratchA)
	e.arithF(to, sseAdd, d, d)
	e.patch32(done, len(e.b))
	fe.finish(m.Dst, d)
}

// truncate converts a float to an integer, trapping (or saturating) on NaN
// and out-of-range values. The range checks run in double precision, which
// holds every single-precision value exactly.
func (fe *funcEmitter) truncate(m *mach.Instr) {
	e := fe.e
	sat := m.Sub == ssa.OpFcvtToSintSat || m.Sub == ssa.OpFcvtToUintSat
	signed := m.Sub == ssa.OpFcvtToSint || m.Sub == ssa.OpFcvtToSintSat
	isize := mach.SizeOf(m.To)
	x := X15
	if m.From == ssa.TypeF32 {
		e.cvtFToF(4, x, fe.use(m.A, scratchB))
	} else if a := fe.use(m.A, scratchB); a != x {
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
	d := fe.def(m.Dst)
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
		e.movRI(8, scratchB, -1<<63)
		e.aluRR(aluOr, 8, d, scratchB)
		e.patch32(done, len(e.b))
	}
	if !sat {
		fe.trapBranch(ssa.TrapInvalidConversion, toNaN...)
		fe.trapBranch(ssa.TrapIntegerOverflow, toLow...)
		fe.trapBranch(ssa.TrapIntegerOverflow, toHigh...)
		fe.finish(m.Dst, d)
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
	fe.finish(m.Dst, d)
}

// loadF64 puts a double constant in x through RCX (scratchB).
func (fe *funcEmitter) loadF64(x reg, v float64) {
	fe.e.movRI(8, scratchB, int64(math.Float64bits(v)))
	fe.e.movGtoX(8, x, scratchB)
}
