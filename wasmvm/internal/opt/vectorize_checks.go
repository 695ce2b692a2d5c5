package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// checks emits, at the end of the preheader, the tests that decide
// between the vector loop and the scalar one (e.ok), and the induction
// variable's value after the vector loop (e.iend). With i0 the exit
// test's induction variable on entry, S its step and U the scalar
// iterations per vector iteration:
//
//   - d = limit - i0 (i0 - limit when S is negative) must be a nonzero
//     multiple of |S|, so that the scalar loop runs n = d/|S| times
//     (otherwise it runs until the variable wraps around, or forever);
//   - n > U: the vector loop runs K = U*floor((n-1)/U) >= U scalar
//     iterations and leaves the last n-K >= 1 to the scalar loop;
//   - every address class's bytes over those K iterations, from its start
//     address a0 to a0 + (its largest position + element) + (K-1)*stride,
//     lie inside the memory: then no access of the vector loop traps, and
//     no i32 address computation in the scalar loop wraps over them, so
//     the positions are plain byte offsets;
//   - every group of stores covers bytes disjoint from every other group's
//     (but a load group reading exactly its elements before writing them).
func (e *vecEmitter) checks() {
	l, pre := e.l, e.l.pre
	i0 := l.initArg(l.iv)
	stride := uint64(l.stride)
	step := uint64(absStep(l.step))
	limit := l.limit
	if limit == ssa.NoValue {
		limit = e.iconst(pre, ssa.TypeI32, 0)
	} else if k, ok := l.constant(limit); ok && !l.invariant(limit) {
		limit = e.iconst(pre, ssa.TypeI32, k) // a constant in the body: copied
	}
	d := e.op(pre, ssa.OpIsub, ssa.TypeI32, limit, i0)
	if int32(l.step) < 0 {
		d = e.op(pre, ssa.OpIsub, ssa.TypeI32, i0, limit)
	}
	zero := e.iconst(pre, ssa.TypeI32, 0)
	ok := e.icmp(pre, ssa.CondEq, e.opK(pre, ssa.OpBand, d, step-1), zero)
	n := e.opK(pre, ssa.OpUshr, d, log2(step))
	ok = e.op(pre, ssa.OpBand, ssa.TypeI32, ok, e.icmp(pre, ssa.CondUGt, n, e.iconst(pre, ssa.TypeI32, uint64(l.unroll))))
	k := e.opK(pre, ssa.OpIshl, e.opK(pre, ssa.OpUshr, e.opK(pre, ssa.OpIsub, n, 1), log2(uint64(l.unroll))), log2(uint64(l.unroll)))
	if int32(l.step) < 0 {
		e.iend = e.op(pre, ssa.OpIsub, ssa.TypeI32, i0, e.opK(pre, ssa.OpIshl, k, log2(step)))
	} else {
		e.iend = e.op(pre, ssa.OpIadd, ssa.TypeI32, i0, e.opK(pre, ssa.OpIshl, k, log2(step)))
	}
	span := e.opK(pre, ssa.OpIshl, e.extend(pre, k), log2(stride))
	memBytes := e.opK(pre, ssa.OpIshl, e.extend(pre, e.emit(pre, &ssa.Instr{Op: ssa.OpMemorySize}, ssa.TypeI32)), 16)
	start := map[*addrClass]ssa.Value{}
	for _, c := range l.classes {
		start[c] = e.extend(pre, e.address(pre, c, l.initArg(c.iv)))
		end := e.opK(pre, ssa.OpIadd, e.op(pre, ssa.OpIadd, ssa.TypeI64, start[c], span), c.end-stride)
		ok = e.op(pre, ssa.OpBand, ssa.TypeI32, ok, e.icmp(pre, ssa.CondULe, end, memBytes))
	}
	for i, s := range l.groups {
		if !s.store {
			continue
		}
		for j, x := range l.groups {
			if i == j || x.store && j < i || !x.store && sameElements(x, s) {
				continue
			}
			loS := e.opK(pre, ssa.OpIadd, start[s.class], s.pos)
			loX := e.opK(pre, ssa.OpIadd, start[x.class], x.pos)
			hiS := e.op(pre, ssa.OpIadd, ssa.TypeI64, loS, span)
			hiX := e.op(pre, ssa.OpIadd, ssa.TypeI64, loX, span)
			apart := e.op(pre, ssa.OpBor, ssa.TypeI32, e.icmp(pre, ssa.CondULe, hiS, loX), e.icmp(pre, ssa.CondULe, hiX, loS))
			ok = e.op(pre, ssa.OpBand, ssa.TypeI32, ok, apart)
		}
	}
	e.ok = ok
}
