package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// counterExit is a counter exit as a condition under which the loop goes
// on: param + offset (an induction variable plus a constant) compared
// with bound by cond.
type counterExit struct {
	param  int
	offset uint32
	cond   ssa.Cond
	bound  ssa.Value // invariant, or an iconst in the loop (copied before it)
}

// counterTest parses x as a counter exit, recording it in l.counters.
func (l *scanLoop) counterTest(x scanExit) bool {
	c, ok := l.parseCounter(x)
	if !ok {
		return false
	}
	if c.cond == ssa.CondEq && l.steps[c.param] != 0 {
		return false // holds for one value of the variable only
	}
	if s := absStep(l.steps[c.param]); s >= 1<<27 {
		return false // 15 steps could wrap around
	}
	l.counters = append(l.counters, c)
	return true
}

func (l *scanLoop) parseCounter(x scanExit) (counterExit, bool) {
	d := l.f.Def(x.cond)
	if d == nil || d.Op != ssa.OpIcmp {
		// a branch on v itself: the loop goes on while v != 0
		k, off, ok := l.ivAffine(x.cond)
		if !ok || x.leaveTrue {
			return counterExit{}, false
		}
		return counterExit{param: k, offset: off, cond: ssa.CondNe, bound: ssa.NoValue}, true
	}
	if l.f.TypeOf(d.Args[0]) != ssa.TypeI32 {
		return counterExit{}, false
	}
	cond, a, b := d.Cond, d.Args[0], d.Args[1]
	k, off, ok := l.ivAffine(a)
	if !ok {
		cond, a, b = cond.Swapped(), b, a
		if k, off, ok = l.ivAffine(a); !ok {
			return counterExit{}, false
		}
	}
	if !l.invariant(b) && !isIconst(l.f, b) {
		return counterExit{}, false
	}
	if x.leaveTrue {
		cond, _ = cond.Negated(true)
	}
	return counterExit{param: k, offset: off, cond: cond, bound: b}, true
}

// ivAffine matches v as a header parameter plus a constant.
func (l *scanLoop) ivAffine(v ssa.Value) (param int, offset uint32, ok bool) {
	x, off, ok := l.affine(v)
	if !ok {
		return 0, 0, false
	}
	k := l.param(x)
	return k, off, k >= 0
}

// signed reports whether c compares signed integers.
func signed(c ssa.Cond) bool {
	return c == ssa.CondSLt || c == ssa.CondSLe || c == ssa.CondSGt || c == ssa.CondSGe
}

// counterCheck emits into b the test that none of the U iterations from
// the current values vars (the vector loop's parameters) takes counter
// exit c: the values v_j = v_0 + j*s, j < U, do not wrap around (as
// unsigned, or signed for a signed condition), so a condition monotone in
// v holds for all of them when it holds for the first and the last; for
// != the bound must lie outside [min, max].
func (e *scanEmitter) counterCheck(b *ssa.Block, c counterExit, vars []ssa.Value) ssa.Value {
	l := e.l
	step := l.steps[c.param]
	first := e.opK(b, ssa.OpIadd, vars[c.param], uint64(c.offset))
	bound := e.bound(c)
	if step == 0 {
		return e.icmp(b, c.cond, first, bound)
	}
	if ok, done := e.constantCounterCheck(b, c, first); done {
		return ok
	}
	if c.cond == ssa.CondNe {
		return e.unequalCounterCheck(b, c, first, bound)
	}
	last := e.opK(b, ssa.OpIadd, first, uint64(step*uint32(e.lanes-1)))
	up, down := ssa.CondUGe, ssa.CondULe
	if signed(c.cond) {
		up, down = ssa.CondSGe, ssa.CondSLe
	}
	lo, hi, order := first, last, up
	if int32(step) < 0 {
		lo, hi, order = last, first, down
	}
	noWrap := e.icmp(b, order, last, first)
	var holds ssa.Value
	if c.cond == ssa.CondNe {
		holds = e.op(b, ssa.OpBor, ssa.TypeI32, e.icmp(b, ssa.CondULt, bound, lo), e.icmp(b, ssa.CondUGt, bound, hi))
	} else {
		holds = e.op(b, ssa.OpBand, ssa.TypeI32, e.icmp(b, c.cond, lo, bound), e.icmp(b, c.cond, hi, bound))
	}
	return e.op(b, ssa.OpBand, ssa.TypeI32, noWrap, holds)
}

// bound is counter exit c's bound in the vector loop: 0 for a branch on
// the variable, a copy of a constant defined in the loop, or the
// invariant itself.
func (e *scanEmitter) bound(c counterExit) ssa.Value {
	if c.bound == ssa.NoValue {
		return e.konst(ssa.TypeI32, 0)
	}
	if k, ok := iconstOf(e.l.f, c.bound); ok {
		return e.konst(ssa.TypeI32, k)
	}
	return c.bound
}

// constantCounterCheck emits, for an unsigned condition (or !=) on a
// constant bound, the test as one comparison of the first value: with
// D = (U-1)*|step|, a variable counting down goes on for U iterations
// when first > B + D (>= for >=), which also rules out wrapping around
// (and, for !=, is enough); one counting up when first < B - D (<= for
// <=). It reports false where that does not apply (or B +- D would wrap).
func (e *scanEmitter) constantCounterCheck(b *ssa.Block, c counterExit, first ssa.Value) (ssa.Value, bool) {
	bound := uint64(0)
	if c.bound != ssa.NoValue {
		k, ok := iconstOf(e.l.f, c.bound)
		if !ok {
			return ssa.NoValue, false
		}
		bound = uint64(uint32(k))
	}
	step := e.l.steps[c.param]
	d := uint64(absStep(step)) * uint64(e.lanes-1)
	down := int32(step) < 0
	cond := c.cond
	switch {
	case down && (cond == ssa.CondUGt || cond == ssa.CondUGe || cond == ssa.CondNe):
		if bound+d > 0xFFFFFFFF {
			return ssa.NoValue, false
		}
		if cond == ssa.CondNe {
			cond = ssa.CondUGt
		}
		return e.icmp(b, cond, first, e.konst(ssa.TypeI32, bound+d)), true
	case !down && (cond == ssa.CondULt || cond == ssa.CondULe || cond == ssa.CondNe):
		if bound < d {
			return ssa.NoValue, false
		}
		if cond == ssa.CondNe {
			cond = ssa.CondULt
		}
		return e.icmp(b, cond, first, e.konst(ssa.TypeI32, bound-d)), true
	}
	return ssa.NoValue, false
}

// unequalCounterCheck emits the test for a != exit on an invariant
// bound B: the values first + j*step (j < U, wrapping around as the
// scalar loop's do) miss B when the distance from first to B in the
// direction of the steps, modulo 2^32, exceeds D = (U-1)*|step|: one
// subtraction and one comparison, where [min, max] tests need a check
// against wrapping around as well. (It may fail for a B that lies
// between the values; the scalar loop then goes on.)
func (e *scanEmitter) unequalCounterCheck(b *ssa.Block, c counterExit, first, bound ssa.Value) ssa.Value {
	step := e.l.steps[c.param]
	d := uint64(absStep(step)) * uint64(e.lanes-1)
	gap := e.op(b, ssa.OpIsub, ssa.TypeI32, bound, first)
	if int32(step) < 0 {
		gap = e.op(b, ssa.OpIsub, ssa.TypeI32, first, bound)
	}
	return e.icmp(b, ssa.CondUGt, gap, e.konst(ssa.TypeI32, d))
}
