package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// checks emits the tests that decide between the vector loop and the
// scalar one, the trip count's at the end of the preheader (e.tripOK),
// the others in vcheck (e.ok), and the induction variable's value after
// the vector loop (e.iend). With i0 the exit
// test's induction variable on entry, S its step and U the scalar
// iterations per vector iteration:
//
//   - d = limit - i0 (i0 - limit when S is negative) must be a nonzero
//     multiple of |S|, so that the scalar loop runs n = d/|S| times
//     (otherwise it runs until the variable wraps around, or forever);
//   - n > 2U: the vector loop runs K = U*floor((n-1)/U) >= 2U scalar
//     iterations (a single vector iteration would not pay for the
//     checks) and leaves the last n-K >= 1 to the scalar loop; or, when
//     no value of the body is used after the loop (e.noTail,
//     vectorize_tail.go), K = U*floor(n/U), leaving n-K >= 0;
//   - every address class's bytes over those K iterations, from its start
//     address a0 to a0 + (its largest position + element) + (K-1)*stride
//     (from a0 - (K-1)*stride in a loop whose addresses decrease), lie
//     inside the memory: then no access of the vector loop traps, and no
//     i32 address computation in the scalar loop wraps over them, so the
//     positions are plain byte offsets;
//   - every group of stores covers bytes disjoint from every other group's
//     (but a load group reading exactly its elements before writing them),
//     or trails a load group it overlaps (see trailing).
func (e *vecEmitter) checks() {
	n := e.tripCheck()
	e.rangeChecks(n)
}

// tripCheck emits the trip count's test into the preheader and returns
// the trip count n.
func (e *vecEmitter) tripCheck() ssa.Value {
	l, pre := e.l, e.l.pre
	i0 := l.initArg(l.iv)
	step := uint64(absStep(l.step))
	limit := l.limit
	if limit == ssa.NoValue {
		limit = e.iconst(pre, ssa.TypeI32, 0)
	} else if k, ok := l.constant(limit); ok && !l.invariant(limit) {
		limit = e.iconst(pre, ssa.TypeI32, k) // a constant in the body: copied
	}
	if l.cond != ssa.CondNe {
		return e.boundedTrip(i0, limit)
	}
	d := e.op(pre, ssa.OpIsub, ssa.TypeI32, limit, i0)
	if int32(l.step) < 0 {
		d = e.op(pre, ssa.OpIsub, ssa.TypeI32, i0, limit)
	}
	multiple := e.icmp(pre, ssa.CondEq, e.opK(pre, ssa.OpBand, d, step-1), e.iconst(pre, ssa.TypeI32, 0))
	n := e.opK(pre, ssa.OpUshr, d, log2(step))
	long := e.icmp(pre, ssa.CondUGt, n, e.iconst(pre, ssa.TypeI32, e.tripAbove))
	e.tripOK = e.op(pre, ssa.OpBand, ssa.TypeI32, multiple, long)
	return n
}

// rangeChecks emits into vcheck the end of the induction variable and the
// tests of the bytes the vector loop accesses over its iterations of the
// n.
func (e *vecEmitter) rangeChecks(n ssa.Value) {
	l, b := e.l, e.vcheck
	i0 := l.initArg(l.iv)
	stride, step, unroll := uint64(l.stride), uint64(absStep(l.step)), log2(uint64(l.unroll))
	last := n // the scalar iterations the vector loop may take
	if !e.noTail {
		last = e.opK(b, ssa.OpIsub, n, 1)
	}
	k := e.opK(b, ssa.OpIshl, e.opK(b, ssa.OpUshr, last, unroll), unroll)
	advance := e.opK(b, ssa.OpIshl, k, log2(step))
	if int32(l.step) < 0 {
		e.iend = e.op(b, ssa.OpIsub, ssa.TypeI32, i0, advance)
	} else {
		e.iend = e.op(b, ssa.OpIadd, ssa.TypeI32, i0, advance)
	}
	if e.noTail {
		e.rest = e.noTailTest(b, e.iend)
	}
	span := e.opK(b, ssa.OpIshl, e.extend(b, k), log2(stride))
	checks, _, start := e.classesInMemory(b, span)
	for i, s := range l.groups {
		if !s.store {
			continue
		}
		for j, x := range l.groups {
			if i == j || x.store && j < i || !x.store && sameElements(x, s) || l.apartInIteration(x, s) {
				continue
			}
			loS, loX := e.groupStart(b, start[s.class], s.pos, span), e.groupStart(b, start[x.class], x.pos, span)
			hiS := e.op(b, ssa.OpIadd, ssa.TypeI64, loS, span)
			hiX := e.op(b, ssa.OpIadd, ssa.TypeI64, loX, span)
			apart := e.op(b, ssa.OpBor, ssa.TypeI32, e.icmp(b, ssa.CondULe, hiS, loX), e.icmp(b, ssa.CondULe, hiX, loS))
			if !x.store && l.loadsAhead(x, s) {
				apart = e.op(b, ssa.OpBor, ssa.TypeI32, apart, e.trailing(b, loS, loX))
			}
			checks.and(apart)
		}
	}
	e.ok = checks.ok
}
