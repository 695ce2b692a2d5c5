package mach

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// divideByConstant lowers a division or remainder whose divisor is a
// constant that can neither trap nor be left to the optimizer's simpler
// rules (0, 1 and -1 keep the division instruction, which traps or is
// folded) into multiplications by a reciprocal, shifts and adds (plans in
// magic.go). It reports whether it did.
func (l *Func) divideByConstant(bi int, in *ssa.Instr) bool {
	c, ok := l.constant(in.Args[1])
	if !ok || c.Op != ssa.OpIconst {
		return false
	}
	size := SizeOf(in.Type)
	n := uint(size) * 8
	d := c.Imm
	if n == 32 {
		d = uint64(uint32(d))
	}
	signed := in.Op == ssa.OpSdiv || in.Op == ssa.OpSrem
	sd := int64(d)
	if n == 32 {
		sd = int64(int32(uint32(d)))
	}
	switch {
	case d == 0 || d == 1:
		return false
	case signed && sd == -1:
		return false
	}
	dc := &divEmitter{l: l, bi: bi, typ: in.Type, size: size}
	x := l.reg(bi, in.Args[0])
	key := loweredQuotient{block: bi, dividend: in.Args[0], divisor: d, signed: signed, size: size}
	q, shared := l.sharedQuotient(key)
	switch {
	case shared:
	case !signed && bits.OnesCount64(d) == 1:
		q = dc.shift(ssa.OpUshr, x, uint(bits.TrailingZeros64(d)))
	case !signed && n == 32:
		q = dc.unsignedQuotient32(x, planUnsignedDiv(d, n))
	case !signed:
		q = dc.unsignedQuotient(x, planUnsignedDiv(d, n))
	default:
		abs := uint64(sd)
		if sd < 0 {
			abs = -abs
		}
		if n == 32 {
			abs = uint64(uint32(abs))
		}
		switch {
		case bits.OnesCount64(abs) == 1:
			q = dc.signedPowerOfTwo(x, uint(bits.TrailingZeros64(abs)), n, sd < 0)
		case n == 32:
			q = dc.signedQuotient32(x, planSignedDiv32(sd))
		default:
			q = dc.signedQuotient(x, planSignedDiv(sd, n), n)
		}
	}
	dst := regalloc.VReg(in.Results[0])
	if in.Op == ssa.OpSdiv || in.Op == ssa.OpUdiv {
		if shared {
			m := mi(OpCopy)
			m.Dst, m.A, m.Size = dst, q, size
			l.emit(bi, m)
			return true
		}
		// Every quotient ends with the instruction that computes it (the
		// divisor is at least 2): that instruction writes the result.
		instrs := l.Blocks[bi].Instrs
		instrs[len(instrs)-1].Dst = dst
		key.quotient = dst
		l.quotients = append(l.quotients, key)
		return true
	}
	if !shared {
		key.quotient = q
		l.quotients = append(l.quotients, key)
	}
	// x - q*d: the remainder of a truncating division.
	dc.aluTo(dst, ssa.OpIsub, x, dc.multiply(q, int64(d)))
	return true
}

// loweredQuotient is a quotient that a division or remainder by a
// constant computed in a block.
type loweredQuotient struct {
	block    int
	dividend ssa.Value
	divisor  uint64
	signed   bool
	size     uint8
	quotient regalloc.VReg
}

// sharedQuotient returns the register of a quotient that an earlier
// division or remainder of the same block computed for key's dividend
// and divisor, so that x/c and x%c (a digit loop's n/10 and n%10) take
// one reciprocal multiplication, not two. It forgets the quotients of
// other blocks: an earlier block's need not dominate this one.
func (l *Func) sharedQuotient(key loweredQuotient) (regalloc.VReg, bool) {
	if len(l.quotients) > 0 && l.quotients[0].block != key.block {
		l.quotients = l.quotients[:0]
	}
	for _, q := range l.quotients {
		if q.dividend == key.dividend && q.divisor == key.divisor && q.signed == key.signed && q.size == key.size {
			return q.quotient, true
		}
	}
	return NoVReg, false
}

// divEmitter appends the instructions of one division by a constant.
type divEmitter struct {
	l    *Func
	bi   int
	typ  ssa.Type
	size uint8
}

func (dc *divEmitter) fresh() regalloc.VReg { return dc.l.newVReg(dc.typ) }

func (dc *divEmitter) constant(c int64) regalloc.VReg {
	m := mi(OpMovImm)
	m.Dst, m.Imm, m.Size = dc.fresh(), c, dc.size
	dc.l.emit(dc.bi, m)
	return m.Dst
}

func (dc *divEmitter) shift(op ssa.Op, x regalloc.VReg, count uint) regalloc.VReg {
	if count == 0 {
		return x
	}
	m := mi(OpShift)
	m.Dst, m.Sub, m.A, m.Size, m.Imm, m.BImm = dc.fresh(), op, x, dc.size, int64(count), true
	dc.l.emit(dc.bi, m)
	return m.Dst
}

func (dc *divEmitter) aluTo(dst regalloc.VReg, op ssa.Op, a, b regalloc.VReg) {
	m := mi(OpAlu)
	m.Dst, m.Sub, m.A, m.B, m.Size = dst, op, a, b, dc.size
	dc.l.emit(dc.bi, m)
}

func (dc *divEmitter) alu(op ssa.Op, a, b regalloc.VReg) regalloc.VReg {
	dst := dc.fresh()
	dc.aluTo(dst, op, a, b)
	return dst
}

// multiply returns q * c, with c as an immediate where it fits.
func (dc *divEmitter) multiply(q regalloc.VReg, c int64) regalloc.VReg {
	if dc.size == 4 {
		c = int64(int32(uint32(c)))
	}
	m := mi(OpAlu)
	m.Dst, m.Sub, m.A, m.Size = dc.fresh(), ssa.OpImul, q, dc.size
	if c == int64(int32(c)) {
		m.Imm, m.BImm = c, true
	} else {
		m.B = dc.constant(c)
	}
	dc.l.emit(dc.bi, m)
	return m.Dst
}

// mulHigh returns the high half of x times the constant c.
func (dc *divEmitter) mulHigh(x regalloc.VReg, c int64, signed bool) regalloc.VReg {
	m := mi(OpMulHigh)
	m.Dst, m.A, m.B, m.Size, m.Signed = dc.fresh(), x, dc.constant(c), dc.size, signed
	dc.l.emit(dc.bi, m)
	return m.Dst
}

func (dc *divEmitter) unsignedQuotient(x regalloc.VReg, p unsignedDivPlan) regalloc.VReg {
	if !p.add {
		return dc.shift(ssa.OpUshr, dc.mulHigh(dc.shift(ssa.OpUshr, x, p.pre), int64(p.mul), false), p.post)
	}
	t := dc.mulHigh(x, int64(p.mul), false)
	u := dc.shift(ssa.OpUshr, dc.alu(ssa.OpIsub, x, t), 1)
	return dc.shift(ssa.OpUshr, dc.alu(ssa.OpIadd, u, t), p.post)
}

func (dc *divEmitter) signedQuotient(x regalloc.VReg, p signedDivPlan, n uint) regalloc.VReg {
	t := dc.alu(ssa.OpIadd, x, dc.mulHigh(x, p.mul, true))
	q := dc.alu(ssa.OpIsub, dc.shift(ssa.OpSshr, t, p.post), dc.shift(ssa.OpSshr, x, n-1))
	if p.neg {
		q = dc.alu(ssa.OpIsub, dc.constant(0), q)
	}
	return q
}

// signedPowerOfTwo divides by ±2^k rounding toward zero: a negative x is
// biased by 2^k - 1 before the arithmetic shift.
func (dc *divEmitter) signedPowerOfTwo(x regalloc.VReg, k, n uint, neg bool) regalloc.VReg {
	// The bias is the sign bit's copies shifted down: for 2^1, the sign
	// bit itself.
	bias := dc.shift(ssa.OpUshr, x, n-1)
	if k > 1 {
		bias = dc.shift(ssa.OpUshr, dc.shift(ssa.OpSshr, x, n-1), n-k)
	}
	q := dc.shift(ssa.OpSshr, dc.alu(ssa.OpIadd, x, bias), k)
	if neg {
		q = dc.alu(ssa.OpIsub, dc.constant(0), q)
	}
	return q
}
