package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// Loops whose exit test is an unsigned bound, i+S > B with S negative
// (a byte count stepping down: n -= 32 while n > 31) or i+S < B with S
// positive, rather than i+S != limit; and bodies whose accesses advance
// more than a vector per iteration (maxStride): an iteration's bytes of
// an array then form several groups of one vector each.

// maxStride is the most bytes an address may advance per iteration: four
// vectors, as an unrolled copy of 32-bit or 64-bit words has.
const maxStride = 64

// bounded reports whether c is an unsigned bound the loop continues
// within: i+S c limit.
func bounded(c ssa.Cond) bool {
	return c == ssa.CondULt || c == ssa.CondULe || c == ssa.CondUGt || c == ssa.CondUGe
}

// boundedTrip emits into the preheader the trip count n of a loop with a
// bounded exit test and sets e.tripOK. With the strict bound B (limit,
// less one for >=, plus one for <=), a loop going down continues while
// i0 - t*|S| > B: if i0 > B, the values for t < n = ceil((i0-B)/|S|) are
// above B as integers (so no step wrapped before them) and the loop runs
// at least n times, exactly n unless a later step wraps around zero and
// goes on. Going up, it continues while i0 + t*S < B, at least n =
// ceil((B-i0)/S) times if i0 < B. The vector loop runs fewer than n
// iterations, so a lower bound is enough; it needs n > e.tripAbove, as
// for a loop that tests i+S != limit.
func (e *vecEmitter) boundedTrip(i0, limit ssa.Value) ssa.Value {
	l, pre := e.l, e.l.pre
	step := uint64(absStep(l.step))
	var valid, dist ssa.Value
	switch l.cond {
	case ssa.CondUGt, ssa.CondUGe:
		b := limit
		if l.cond == ssa.CondUGe {
			b = e.op(pre, ssa.OpIsub, ssa.TypeI32, limit, e.iconst(pre, ssa.TypeI32, 1))
		}
		valid = e.icmp(pre, ssa.CondUGt, i0, b)
		dist = e.op(pre, ssa.OpIsub, ssa.TypeI32, i0, b)
	default:
		b := limit
		if l.cond == ssa.CondULe {
			b = e.opK(pre, ssa.OpIadd, limit, 1)
		}
		valid = e.icmp(pre, ssa.CondULt, i0, b)
		dist = e.op(pre, ssa.OpIsub, ssa.TypeI32, b, i0)
	}
	n := e.opK(pre, ssa.OpUshr, dist, log2(step))
	if step > 1 {
		rest := e.icmp(pre, ssa.CondNe, e.opK(pre, ssa.OpBand, dist, step-1), e.iconst(pre, ssa.TypeI32, 0))
		n = e.op(pre, ssa.OpIadd, ssa.TypeI32, n, rest)
	}
	long := e.icmp(pre, ssa.CondUGt, n, e.iconst(pre, ssa.TypeI32, e.tripAbove))
	e.tripOK = e.op(pre, ssa.OpBand, ssa.TypeI32, valid, long)
	return n
}
