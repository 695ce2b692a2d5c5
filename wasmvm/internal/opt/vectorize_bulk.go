package opt

import (
	"math/bits"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Copy loops as memory.copy (loop idiom recognition). A counted loop
// whose body only copies, every store storing a value a load of the same
// width read at the same position in one source array, and whose other
// parameters pass through unchanged, is run as one memory.copy of its
// first K = n-1 iterations' bytes, followed by the scalar loop for the
// last; or, when no value of the body but its induction variables is used
// after the loop, of all n iterations' bytes, the scalar loop left only
// when the loop's own test says an iteration remains (vectorize_tail.go). The backends lower memory.copy to vector loops of four vectors
// with both ends stored as overlapping vectors (amd64 emit_bulk.go), so a
// copy pays no per-iteration poll, counter or address arithmetic, and a
// short one no loop at all.
//
// The copy runs only after checks at the preheader show that the scalar
// loop's K iterations do what it does:
//   - n > bulkTripAbove(stride), from the loop's exit test as for a vector
//     loop (so the scalar loop runs at least n times);
//   - every address class's bytes over the K iterations lie inside the
//     memory, so the scalar loop would not trap in them (an out-of-bounds
//     copy runs the scalar loop, which traps after the bytes before the
//     faulting one, as WebAssembly requires);
//   - no load of the K iterations reads a byte a store before it wrote, so
//     every store writes the byte the source held on entry, which is what
//     memory.copy writes: the destination's bytes lie apart from the
//     source's, or trail them in the loop's direction (at or below the
//     source going up, at or above going down; a memmove's forward and
//     backward loops) when in each iteration the loads of the positions a
//     store may overwrite come before it (copyOrdered). A forward loop
//     whose destination runs ahead of an overlapping source replicates a
//     pattern instead; it keeps the scalar loop.
//
// RATIONALE.md ("Why does the vectorizer turn copy loops into
// memory.copy?") says more.

// bulkCopy is what matchCopy (or matchFill) found: the stores' class and
// the loads' (the same class for a copy within one array), and the lowest
// positions the copied bytes start at in each; for a fill, the byte.
type bulkCopy struct {
	dst, src     *addrClass
	dstLo, srcLo uint64
	// ordered: the body loads each position a store may overwrite (at or
	// below the store's position going up, at or above going down) before
	// that store, so a trailing destination needs no gap.
	ordered bool
	fill    *byteSplat // a fill's byte (src is nil then)
}

// copyPair is one store of a copy loop and the load it stores.
type copyPair struct {
	load, store   int    // body indexes
	lpos, spos    uint64 // positions in the load's and the store's classes
	lclass, class *addrClass
}

// matchCopy reports whether the loop, its accesses collected, is a copy
// loop bulkCopy can run as memory.copy.
func (l *vloop) matchCopy() (*bulkCopy, bool) {
	if bits.OnesCount32(l.stride) != 1 {
		return nil, false
	}
	for k, p := range l.body.Params {
		if _, isIV := l.steps[k]; !isIV && l.backArg(k) != p {
			return nil, false
		}
	}
	index := make(map[*ssa.Instr]int, len(l.body.Instrs))
	for k, in := range l.body.Instrs {
		index[in] = k
	}
	var pairs []copyPair
	for k, in := range l.body.Instrs {
		if in.Op != ssa.OpStore {
			continue
		}
		ld := l.f.Def(in.Args[1])
		if ld == nil || ld.Op != ssa.OpLoad || ld.Block != l.body.ID {
			return nil, false
		}
		st, lt := l.access[in], l.access[ld]
		if st.g == nil || lt.g == nil || ssa.MemAccess(ld.Aux).Size() != ssa.MemAccess(in.Aux).Size() {
			return nil, false
		}
		pairs = append(pairs, copyPair{load: index[ld], store: k,
			lpos: lt.g.pos + uint64(lt.member)*l.elem, spos: st.g.pos + uint64(st.member)*l.elem,
			lclass: lt.g.class, class: st.g.class})
	}
	if len(pairs) == 0 || uint64(len(pairs))*l.elem != uint64(l.stride) {
		return nil, false
	}
	lowest := slices.MinFunc(pairs, func(a, b copyPair) int { return int(a.spos) - int(b.spos) })
	bc := &bulkCopy{dst: lowest.class, src: lowest.lclass, dstLo: lowest.spos, srcLo: lowest.lpos, ordered: true}
	for _, p := range pairs {
		// Same classes, the same distance between a store and its load,
		// and (with the count above and distinct store positions) the
		// stores covering one stride without a gap.
		if p.class != bc.dst || p.lclass != bc.src || p.spos-bc.dstLo != p.lpos-bc.srcLo || p.spos-bc.dstLo >= uint64(l.stride) {
			return nil, false
		}
	}
	bc.ordered = l.copyOrdered(pairs, bc)
	return bc, true
}

// copyOrdered reports whether, in the body, each copied load comes before
// every store that may overwrite it when the destination trails the
// source: the stores of its own position and beyond in the loop's
// direction.
func (l *vloop) copyOrdered(pairs []copyPair, bc *bulkCopy) bool {
	for _, s := range pairs {
		for _, x := range pairs {
			behind := x.lpos-bc.srcLo <= s.spos-bc.dstLo
			if l.down {
				behind = x.lpos-bc.srcLo >= s.spos-bc.dstLo
			}
			if behind && x.load > s.store {
				return false
			}
		}
	}
	return true
}

// bulkTripAbove is the trip count a copy loop must exceed for memory.copy:
// its first n-1 iterations then copy at least 24 bytes, and at least two
// iterations, so that the copy pays for the checks (about 25
// instructions; memmove's forward loop by 8 bytes takes it from 32-byte
// calls).
func bulkTripAbove(stride uint32) uint64 {
	return max(2, 24/uint64(stride))
}

// bulkCopy builds the checks and the memory.copy for a copy loop and
// joins them to the function.
func (l *vloop) bulkCopy(bc *bulkCopy) {
	e := newVecEmitter(l)
	e.tripAbove = bulkTripAbove(l.stride)
	n := e.tripCheck()
	b, copyBlock := e.vcheck, e.vbody
	e.escaping, e.noTail = e.escapingValues()
	k := n // with noTail, the scalar loop may be left nothing (vectorize_tail.go)
	if !e.noTail {
		k = e.opK(b, ssa.OpIsub, n, 1)
	}
	stride := uint64(l.stride)
	span := e.opK(b, ssa.OpIshl, e.extend(b, k), log2(stride))
	checks, start, _ := e.classesInMemory(b, span)
	if stride > uint64(absStep(l.step)) {
		// n-1 iterations of more bytes than the counter's step could
		// copy 4 GiB, which memory.copy's i32 length cannot say.
		checks.and(e.icmp(b, ssa.CondULt, span, e.iconst(b, ssa.TypeI64, 1<<32)))
	}
	// The lowest byte each side copies, i32 and i64 (exact: inside the
	// memory).
	span32 := e.opK(b, ssa.OpIshl, k, log2(stride))
	lowest := func(c *addrClass, pos uint64) ssa.Value {
		a := e.opK(b, ssa.OpIadd, start[c], pos)
		if l.down {
			a = e.opK(b, ssa.OpIadd, e.op(b, ssa.OpIsub, ssa.TypeI32, a, span32), stride)
		}
		return a
	}
	dst := lowest(bc.dst, bc.dstLo)
	if bc.fill != nil {
		e.ok = checks.ok
		e.emit(copyBlock, &ssa.Instr{Op: ssa.OpMemoryFill, Aux2: ssa.InBounds, Args: []ssa.Value{dst, bc.fill.value(e, copyBlock), span32}}, ssa.TypeInvalid)
	} else {
		src := lowest(bc.src, bc.srcLo)
		checks.and(e.copyApart(b, e.extend(b, dst), e.extend(b, src), span, bc.ordered))
		e.ok = checks.ok
		// Apart, or trailing the source going up: a forward copy is right
		// (trailing going down, the destination lies above the source).
		var forward uint32
		if !bc.ordered || !l.down {
			forward = ssa.CopyForward
		}
		e.emit(copyBlock, &ssa.Instr{Op: ssa.OpMemoryCopy, Aux: forward, Aux2: ssa.InBounds, Args: []ssa.Value{dst, src, span32}}, ssa.TypeInvalid)
	}
	e.exitArgs = make([]ssa.Value, len(l.body.Params))
	for j := range l.body.Params {
		e.exitArgs[j] = l.initArg(j)
		if step, isIV := l.steps[j]; isIV {
			advance := e.op(copyBlock, ssa.OpImul, ssa.TypeI32, k, e.iconst(copyBlock, ssa.TypeI32, uint64(step)))
			e.exitArgs[j] = e.op(copyBlock, ssa.OpIadd, ssa.TypeI32, l.initArg(j), advance)
			e.ivNext[j] = e.exitArgs[j]
		}
	}
	if e.noTail {
		e.vexit = copyBlock // where directExit computes the exit's arguments
		e.rest = e.noTailTest(copyBlock, e.ivNext[l.iv])
	}
	e.commitBulk()
}

// copyApart tests that no load of the copied iterations reads a byte a
// store wrote (see the comment at the top): the destination's span bytes
// from dst lie apart from the source's from src, or, when the body is
// ordered, trail them in the loop's direction.
func (e *vecEmitter) copyApart(b *ssa.Block, dst, src, span ssa.Value, ordered bool) ssa.Value {
	below := e.icmp(b, ssa.CondULe, e.op(b, ssa.OpIadd, ssa.TypeI64, dst, span), src)
	above := e.icmp(b, ssa.CondULe, e.op(b, ssa.OpIadd, ssa.TypeI64, src, span), dst)
	switch {
	case ordered && !e.l.down:
		below = e.icmp(b, ssa.CondULe, dst, src)
	case ordered:
		above = e.icmp(b, ssa.CondUGe, dst, src)
	}
	return e.op(b, ssa.OpBor, ssa.TypeI32, below, above)
}

// commitBulk joins the copy to the function: the preheader checks the
// trip count and branches to the other checks or to the scalar loop;
// those branch to the copy, which enters the scalar loop for its last
// iterations, or to the scalar loop from the start (a branch per
// comparison, splitChecks).
func (e *vecEmitter) commitBulk() {
	l, f := e.l, e.l.f
	f.Blocks = append(f.Blocks, e.vcheck, e.vbody)
	jump := l.pre.Terminator()
	l.pre.Instrs = append(l.pre.Instrs[:len(l.pre.Instrs)-1], e.pre...)
	removePred(l.body, l.pre.ID)
	f.Append(l.pre, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.tripOK}, Targets: []ssa.BlockCall{
		{Block: e.vcheck.ID}, {Block: l.body.ID, Args: jump.Targets[0].Args}}})
	f.Append(e.vcheck, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.ok}, Targets: []ssa.BlockCall{
		{Block: e.vbody.ID}, {Block: l.body.ID, Args: slices.Clone(jump.Targets[0].Args)}}})
	e.leave(e.vbody)
	splitChecks(f, l.pre, e.vcheck)
}
