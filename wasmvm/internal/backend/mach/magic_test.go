package mach

import (
	"math/bits"
	"math/rand"
	"testing"
)

// divisorsForTest returns divisors that exercise every plan form:
// small ones, powers of two and their neighbours, decimal powers, values
// near the width's limits, and random ones.
func divisorsForTest(n uint, r *rand.Rand) []uint64 {
	mask := ^uint64(0) >> (64 - n)
	var ds []uint64
	for d := uint64(2); d < 300; d++ {
		ds = append(ds, d)
	}
	for k := uint(1); k < n; k++ {
		ds = append(ds, 1<<k-1, 1<<k, 1<<k+1)
	}
	for p := uint64(10); p != 0 && p <= mask/10; p *= 10 {
		ds = append(ds, p)
	}
	ds = append(ds, mask, mask-1, mask>>1, mask>>1+1, mask>>1+2, 641, 6700417)
	for i := 0; i < 300; i++ {
		ds = append(ds, r.Uint64()&mask>>uint(r.Intn(int(n))))
	}
	var out []uint64
	for _, d := range ds {
		if d&mask >= 2 {
			out = append(out, d&mask)
		}
	}
	return out
}

func dividendsForTest(n uint, d uint64, r *rand.Rand) []uint64 {
	mask := ^uint64(0) >> (64 - n)
	xs := []uint64{0, 1, 2, d - 1, d, d + 1, 2*d - 1, 2 * d, mask, mask - 1, mask >> 1, mask>>1 + 1, mask - d, mask - d + 1}
	for q := mask / d; q > 0 && len(xs) < 40; q /= 3 {
		xs = append(xs, q*d-1, q*d, q*d+1)
	}
	for i := 0; i < 200; i++ {
		xs = append(xs, r.Uint64()>>uint(r.Intn(64)))
	}
	for i := range xs {
		xs[i] &= mask
	}
	return xs
}

// mulHighUnsigned and mulHighSigned are the n-bit high halves the
// backends compute.
func mulHighUnsigned(x, y uint64, n uint) uint64 {
	if n == 32 {
		return x * y >> 32
	}
	hi, _ := bits.Mul64(x, y)
	return hi
}

func mulHighSigned(x, y int64, n uint) int64 {
	if n == 32 {
		return int64(int32(x * y >> 32))
	}
	hi, _ := bits.Mul64(uint64(x), uint64(y))
	h := int64(hi)
	if x < 0 {
		h -= y
	}
	if y < 0 {
		h -= x
	}
	return h
}

func runUnsignedPlan(p unsignedDivPlan, x uint64, n uint) uint64 {
	mask := ^uint64(0) >> (64 - n)
	if !p.add {
		return mulHighUnsigned(x>>p.pre, p.mul, n) >> p.post
	}
	t := mulHighUnsigned(x, p.mul, n)
	return ((x-t)&mask>>1 + t) & mask >> p.post
}

func signExtend(x uint64, n uint) int64 { return int64(x<<(64-n)) >> (64 - n) }

func runSignedPlan(p signedDivPlan, x int64, n uint) int64 {
	mask := ^uint64(0) >> (64 - n)
	t := signExtend(uint64(x+mulHighSigned(x, signExtend(uint64(p.mul)&mask, n), n))&mask, n)
	q := signExtend(uint64((t>>p.post)-(x>>(n-1)))&mask, n)
	if p.neg {
		q = signExtend(uint64(-q)&mask, n)
	}
	return q
}

func TestUnsignedDivPlans(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []uint{32, 64} {
		for _, d := range divisorsForTest(n, r) {
			p := planUnsignedDiv(d, n)
			if n == 32 && p.mul>>32 != 0 {
				t.Fatalf("n=32 d=%d: multiplier %#x does not fit", d, p.mul)
			}
			for _, x := range dividendsForTest(n, d, r) {
				if got, want := runUnsignedPlan(p, x, n), x/d; got != want {
					t.Fatalf("n=%d %d/%d: plan %+v gives %d, want %d", n, x, d, p, got, want)
				}
			}
		}
	}
}

func TestSignedDivPlans(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, n := range []uint{32, 64} {
		for _, ud := range divisorsForTest(n, r) {
			for _, d := range []int64{signExtend(ud, n), -signExtend(ud, n)} {
				abs := uint64(d)
				if d < 0 {
					abs = -abs
				}
				abs &= ^uint64(0) >> (64 - n)
				if abs < 2 || bits.OnesCount64(abs) == 1 {
					continue
				}
				p := planSignedDiv(d, n)
				for _, ux := range dividendsForTest(n, abs, r) {
					x := signExtend(ux, n)
					for _, x := range []int64{x, signExtend(uint64(-x), n)} {
						if got, want := runSignedPlan(p, x, n), x/d; got != want {
							t.Fatalf("n=%d %d/%d: plan %+v gives %d, want %d", n, x, d, p, got, want)
						}
					}
				}
			}
		}
	}
}

// runSignedPlan32 computes p's quotient as the backends do: the 64-bit
// product of the sign-extended x, shifted arithmetically, minus x's sign,
// the difference's low 32 bits.
func runSignedPlan32(p signedDiv32Plan, x int32) int32 {
	t := int64(x) * int64(p.mul) >> p.shift
	if p.neg {
		return x>>31 - int32(t)
	}
	return int32(t) - x>>31
}

// runUnsignedPlan32 computes p's quotient of a 32-bit x in 64-bit
// arithmetic, as unsignedQuotient32 emits it.
func runUnsignedPlan32(p unsignedDivPlan, x uint32) uint64 {
	if !p.add {
		return uint64(x>>p.pre) * p.mul >> (32 + p.post)
	}
	return (uint64(x)*p.mul>>32 + uint64(x)) >> (p.post + 1)
}

func TestDivPlans32(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, ud := range divisorsForTest(32, r) {
		d32 := uint32(ud)
		up := planUnsignedDiv(ud, 32)
		for _, sd := range []int32{int32(d32), -int32(d32)} {
			abs := uint32(sd)
			if sd < 0 {
				abs = -abs
			}
			if abs < 2 || bits.OnesCount32(abs) == 1 {
				continue
			}
			p := planSignedDiv32(int64(sd))
			if p.mul == 0 || p.mul>>32 != 0 || p.shift < 32 || p.shift > 63 {
				t.Fatalf("%d: plan %+v out of range", sd, p)
			}
			for _, ux := range dividendsForTest(32, uint64(abs), r) {
				x := int32(uint32(ux))
				for _, x := range []int32{x, -x, x - 1, x + 1} {
					if got, want := runSignedPlan32(p, x), x/sd; got != want {
						t.Fatalf("%d/%d: plan %+v gives %d, want %d", x, sd, p, got, want)
					}
				}
			}
		}
		for _, x := range dividendsForTest(32, ud, r) {
			if got, want := runUnsignedPlan32(up, uint32(x)), uint64(uint32(x)/d32); got != want {
				t.Fatalf("%d/%d: plan %+v gives %d, want %d", x, d32, up, got, want)
			}
		}
	}
}

// TestSignedPlan32Forms checks that common divisors get a multiplier
// that fits a 32-bit immediate.
func TestSignedPlan32Forms(t *testing.T) {
	for _, c := range []struct {
		d    int64
		want signedDiv32Plan
	}{
		{10, signedDiv32Plan{mul: 0x66666667, shift: 34}},
		{-10, signedDiv32Plan{mul: 0x66666667, shift: 34, neg: true}},
		{3, signedDiv32Plan{mul: 0x55555556, shift: 32}},
		{7, signedDiv32Plan{mul: 0x92492493, shift: 34}},
	} {
		if got := planSignedDiv32(c.d); got != c.want {
			t.Errorf("d=%d: got %+v, want %+v", c.d, got, c.want)
		}
	}
}

// TestUnsignedPlanForms checks that common divisors get the short form.
func TestUnsignedPlanForms(t *testing.T) {
	for _, c := range []struct {
		d    uint64
		n    uint
		want unsignedDivPlan
	}{
		{10, 32, unsignedDivPlan{mul: 0xCCCCCCCD, post: 3}},
		{1000000000, 64, unsignedDivPlan{pre: 9, mul: 19342813113834067, post: 11}},
	} {
		if got := planUnsignedDiv(c.d, c.n); got != c.want {
			t.Errorf("n=%d d=%d: got %+v, want %+v", c.n, c.d, got, c.want)
		}
	}
}
