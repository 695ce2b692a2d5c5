package mach

import (
	"math/big"
	"math/bits"
)

// Division by a constant becomes a multiplication by a "magic" reciprocal,
// taking the high half of the product, and shifts (Granlund and
// Montgomery, "Division by Invariant Integers using Multiplication", PLDI
// 1994). The plans below say which form and which constants; the lowering
// in divconst.go turns a plan into instructions, and magic_test.go checks
// every plan against real division.

// unsignedDivPlan divides an unsigned n-bit x by a constant d:
//
//	add == false: q = mulhi(x >> pre, mul) >> post
//	add == true:  t = mulhi(x, mul); q = (((x - t) >> 1) + t) >> post
//
// where mulhi is the high n bits of the 2n-bit unsigned product.
type unsignedDivPlan struct {
	pre, post uint
	mul       uint64
	add       bool
}

// signedDivPlan divides a signed n-bit x by a constant d whose magnitude
// is at least 2 and not a power of two:
//
//	q = ((x + mulhs(x, mul)) >>s post) - (x >>s (n-1)), negated when neg
//
// where mulhs is the high n bits of the 2n-bit signed product and mul is
// negative as an n-bit value.
type signedDivPlan struct {
	mul  int64
	post uint
	neg  bool
}

func pow2(e uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), e) }

// ceilLog2 returns the smallest l with 2^l >= d, for d >= 1.
func ceilLog2(d uint64) uint { return uint(bits.Len64(d - 1)) }

// planUnsignedDiv finds the cheapest plan for n-bit division by d (d >= 2).
// A multiplier that fits n bits serves when, for some shift s,
// m = ceil(2^(n'+s)/d') and m*d' - 2^(n'+s) <= 2^s, with d' the divisor
// after removing pre trailing zero bits (also shifted out of x, leaving
// n' = n - pre significant bits); otherwise the n+1-bit multiplier of the
// add form always does.
func planUnsignedDiv(d uint64, n uint) unsignedDivPlan {
	limit := pow2(n)
	pres := []uint{0}
	if tz := uint(bits.TrailingZeros64(d)); tz > 0 {
		pres = append(pres, tz)
	}
	for _, pre := range pres {
		dd := new(big.Int).SetUint64(d >> pre)
		nn := n - pre
		for s := pre; s <= ceilLog2(d>>pre); s++ {
			p := pow2(nn + s)
			m := new(big.Int).Add(p, new(big.Int).Sub(dd, big.NewInt(1)))
			m.Div(m, dd) // ceil(2^(nn+s) / dd)
			if m.Cmp(limit) >= 0 {
				continue
			}
			excess := new(big.Int).Sub(new(big.Int).Mul(m, dd), p)
			if excess.Cmp(pow2(s)) <= 0 {
				return unsignedDivPlan{pre: pre, mul: m.Uint64(), post: s - pre}
			}
		}
	}
	l := ceilLog2(d)
	// m' = floor(2^n * (2^l - d) / d) + 1
	m := new(big.Int).Sub(pow2(l), new(big.Int).SetUint64(d))
	m.Mul(m, limit)
	m.Div(m, new(big.Int).SetUint64(d))
	m.Add(m, big.NewInt(1))
	return unsignedDivPlan{mul: m.Uint64(), post: l - 1, add: true}
}

// planSignedDiv gives the plan for n-bit signed division by d, where
// |d| >= 2 is not a power of two: l = ceil(log2 |d|),
// m = 1 + floor(2^(n+l-1) / |d|), used as the n-bit value m - 2^n.
func planSignedDiv(d int64, n uint) signedDivPlan {
	abs := uint64(d)
	if d < 0 {
		abs = -abs
	}
	l := max(ceilLog2(abs), 1)
	m := new(big.Int).Div(pow2(n+l-1), new(big.Int).SetUint64(abs))
	m.Add(m, big.NewInt(1))
	m.Sub(m, pow2(n))
	return signedDivPlan{mul: m.Int64(), post: l - 1, neg: d < 0}
}

// signedDiv32Plan divides a signed 32-bit x by a constant d whose
// magnitude is at least 2 and not a power of two, in 64-bit arithmetic:
//
//	q = ((sext(x) * mul) >>s shift) - (x >>s 31), negated when neg
//
// where 0 < mul < 2^32, so the product of the sign-extended x (|x| <=
// 2^31) cannot overflow 64 bits, and the shift takes the product's high
// half and the plan's own shift at once.
type signedDiv32Plan struct {
	mul   uint64
	shift uint
	neg   bool
}

// planSignedDiv32 finds the smallest multiplier for 32-bit signed
// division by d: for s from 0, m = ceil(2^(32+s) / |d|) with excess
// e = m*|d| - 2^(32+s) in (0, 2^(s+1)]. Then for 0 <= x < 2^31,
// x*m / 2^(32+s) = x/|d| + x*e / (|d| 2^(32+s)), whose second term is
// below 1/|d|, so the floor is x's quotient; for x = -y, 0 < y <= 2^31,
// the product's floor is one below the truncated quotient: y*e is at
// most 2^(32+s) (the remainder r of y plus y*e/2^(32+s) stays within
// |d|), and above 0 (e > 0) when |d| divides y. Subtracting x >>s 31
// (-1 for a negative x) adds that one back. s = ceil(log2 |d|) - 1
// always qualifies with m < 2^32; a smaller s gives a multiplier that
// may fit an instruction's 32-bit immediate (10: 0x66666667, shift 34).
func planSignedDiv32(d int64) signedDiv32Plan {
	abs := uint64(d)
	if d < 0 {
		abs = -abs
	}
	abs = uint64(uint32(abs))
	l := ceilLog2(abs)
	for s := uint(0); s+1 < l; s++ {
		p := uint64(1) << (32 + s)
		m := (p + abs - 1) / abs
		if e := m*abs - p; e > 0 && e <= 1<<(s+1) && m < 1<<32 {
			return signedDiv32Plan{mul: m, shift: 32 + s, neg: d < 0}
		}
	}
	p := uint64(1) << (31 + l)
	return signedDiv32Plan{mul: (p + abs - 1) / abs, shift: 31 + l, neg: d < 0}
}
