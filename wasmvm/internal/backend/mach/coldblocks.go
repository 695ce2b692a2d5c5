package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// coldRatio is the frequency, relative to the header of its innermost
// loop (or to the entry, outside loops), below which a block is cold:
// a path that a branch predicted against enters, such as a call of
// memchr on a string search's rare refill path.
const coldRatio = 0.2

// maxSinkSpan bounds the blocks of a loop (or function) whose cold blocks
// sinkCold moves: the allocator sees the code in layout order, and a cold
// block at the end of a long loop stretches the lifetimes of the values
// it uses over the rest of the loop, which in printf's format loop (200
// blocks) cost more spills than the jumps saved.
const maxSinkSpan = 48

// sinkCold moves the cold blocks of order (a reverse postorder) to the end
// of their innermost loop, or of the function outside loops, keeping
// their order among themselves, so that the hot path through a loop or
// function is contiguous and falls through where its branches go the
// predicted way. A loop nested in a cold path moves with it, as a whole
// (compress's match path, with its compare and copy loops, goes after
// the scan loop's latch). Two properties of the order stay: every loop's
// blocks are contiguous (the allocator weighs a loop as the stretch from
// its first block to its last), and every block comes after its immediate
// dominator (shrink-wrapping's dominator search relies on that): a block
// only moves with the blocks it dominates, which are cold too and move
// with it to the same place. A loop whose blocks order does not keep
// together keeps its blocks where they are.
func (g *flowGraph) sinkCold(order []ssa.BlockID, prob [][]float64, freq []float64) []ssa.BlockID {
	n := len(g.f.Blocks)
	pos := make([]int, n)
	for i, b := range order {
		pos[b] = i
	}
	idom := g.dominators(order, pos)

	// sink says, per block, whether it moves to the end of the loop it is
	// a unit of (enclosing): a block of that loop's own, or the header of
	// a loop nested in it, which stands for all of its blocks. root is,
	// per unit to sink, the start of its cold path, and wide whether that
	// path needs a call to move (it starts only by the wider rule below,
	// or holds a nested loop).
	sink, wide := make([]bool, n), make([]bool, n)
	root := make([]ssa.BlockID, n)
	any := false
	for _, b := range order[1:] {
		l := g.enclosing(b)
		ref, entries := 1.0, freq[b]
		if l != noLoop {
			ref = freq[l]
		}
		if g.inner[b] == b { // a nested loop: how often it is entered
			entries *= 1 - g.cyclic[b]
		}
		if entries >= coldRatio*ref {
			continue
		}
		// A cold path starts at a two-way branch of its own loop
		// predicted against it (a br_table's many targets are rare
		// each, but none is a path to move aside; a loop's exit is
		// rare per iteration, not per entry): at a block that such a
		// branch strongly predicts against, or at a block or nested
		// loop whose every way in is a branch predicted against it
		// (compress's match path, behind an equality, is rare because
		// of the two branches before it; a remainder loop that the
		// path through a vector loop reaches too does not move away
		// from it). It goes on through the blocks that start
		// dominates.
		strong, all := false, true
		for _, p := range g.preds[b] {
			if g.inner[b] == b && g.isBack(p, b) {
				continue
			}
			strong = strong || g.predictedAgainst(prob, p, b, l, coldRatio)
			all = all && g.predictedAgainst(prob, p, b, l, 0.5-likelyMargin)
		}
		if d, ok := g.unitIn(idom[b], l); ok && sink[d] {
			sink[b], root[b] = true, root[d]
			wide[root[b]] = wide[root[b]] || g.inner[b] == b
		} else if strong && g.inner[b] != b || all {
			sink[b], root[b], any = true, b, true
			wide[b] = !strong || g.inner[b] == b
		}
	}
	if !any {
		return order
	}
	// Only a path that calls moves by the wider rules: the values a call
	// sends to their slots come back in whatever registers are free after
	// it, and the blocks after the path in layout inherit those (so the
	// gain of moving it is the moves on the hot edges, not only jumps),
	// while a path without calls that the prediction wrongly calls rare
	// (strstr's comparison loops) loses more from being out of line.
	calls := make([]bool, n)
	for _, b := range order {
		if !g.calls(b) {
			continue
		}
		// b and the loops around it are units of successive loops.
		for u := b; u != noLoop; u = g.enclosing(u) {
			if sink[u] {
				calls[root[u]] = true
			}
		}
	}
	for _, b := range order[1:] {
		if sink[b] && wide[root[b]] && !calls[root[b]] {
			sink[b] = false
		}
	}
	// A unit stays when another unit of the same loop that it dominates
	// stays (a block it dominates outside that loop comes after the
	// loop's end anyway). Units are visited after the blocks they
	// dominate, so that a unit that stays keeps its own dominators in
	// place too.
	for i := len(order) - 1; i > 0; i-- {
		b, d := order[i], idom[order[i]]
		c := g.commonLoop(b, d)
		ud, ok := g.unitIn(d, c)
		if !ok || !sink[ud] {
			continue
		}
		if ub, _ := g.unitIn(b, c); ub != ud && !sink[ub] {
			sink[ud] = false
		}
	}
	for _, h := range g.headers {
		order = g.sinkInRange(order, sink, h)
	}
	return g.sinkInRange(order, sink, noLoop)
}

// calls reports whether block b calls a function or the engine.
func (g *flowGraph) calls(b ssa.BlockID) bool {
	for _, in := range g.f.Block(b).Instrs {
		switch in.Op {
		case ssa.OpCall, ssa.OpCallIndirect, ssa.OpMemoryGrow:
			return true
		}
	}
	return false
}

// predictedAgainst reports whether the edge from p to b leaves a
// two-way branch of loop l (noLoop: outside loops) that the prediction
// sends to b with a probability below limit.
func (g *flowGraph) predictedAgainst(prob [][]float64, p, b, l ssa.BlockID, limit float64) bool {
	return len(g.succs[p]) == 2 && g.inner[p] == l && g.edgeProbability(prob, p, b) < limit
}

// enclosing returns the loop that block b is a unit of: its innermost
// loop, or, for a loop's header, the loop around that loop (noLoop: the
// function).
func (g *flowGraph) enclosing(b ssa.BlockID) ssa.BlockID {
	if g.inner[b] == b {
		return g.parent[b]
	}
	return g.inner[b]
}

// unitIn returns the unit of loop l (noLoop: the function) that contains
// block b: b itself when it is one of l's own blocks, else the header of
// the loop directly inside l around b; false when b is l's header or
// outside l.
func (g *flowGraph) unitIn(b, l ssa.BlockID) (ssa.BlockID, bool) {
	for x := b; x != noLoop; x = g.enclosing(x) {
		if g.enclosing(x) == l {
			return x, true
		}
	}
	return noLoop, false
}

// commonLoop returns the innermost loop that contains both blocks a and
// b, or noLoop.
func (g *flowGraph) commonLoop(a, b ssa.BlockID) ssa.BlockID {
	for l := g.inner[a]; l != noLoop; l = g.parent[l] {
		if g.inLoop(l, b) {
			return l
		}
	}
	return noLoop
}

// sinkInRange moves the units to sink of loop h (noLoop: the function) to
// the end of h's blocks (the function's), when those are contiguous in
// order; a nested loop's blocks move together, as its header does.
func (g *flowGraph) sinkInRange(order []ssa.BlockID, sink []bool, h ssa.BlockID) []ssa.BlockID {
	first, last, count := -1, -1, 0
	for i, b := range order {
		if h == noLoop || g.inLoop(h, b) {
			if first < 0 {
				first = i
			}
			last, count = i, count+1
		}
	}
	if first < 0 || last-first+1 != count || count > maxSinkSpan {
		return order
	}
	span := order[first : last+1]
	kept := make([]ssa.BlockID, 0, len(span))
	var cold []ssa.BlockID
	for _, b := range span {
		if u, ok := g.unitIn(b, h); ok && sink[u] {
			cold = append(cold, b)
		} else {
			kept = append(kept, b)
		}
	}
	copy(span, append(kept, cold...))
	return order
}

// dominators returns the immediate dominator of each block of order (a
// reverse postorder whose positions pos gives), by Cooper, Harvey and
// Kennedy's iteration; the entry is its own.
func (g *flowGraph) dominators(order []ssa.BlockID, pos []int) []ssa.BlockID {
	idom := make([]ssa.BlockID, len(g.f.Blocks))
	for i := range idom {
		idom[i] = noLoop
	}
	idom[order[0]] = order[0]
	for changed := true; changed; {
		changed = false
		for _, b := range order[1:] {
			d := noLoop
			for _, p := range g.preds[b] {
				if idom[p] == noLoop {
					continue
				}
				if d == noLoop {
					d = p
					continue
				}
				for d != p {
					for pos[d] > pos[p] {
						d = idom[d]
					}
					for pos[p] > pos[d] {
						p = idom[p]
					}
				}
			}
			if d != idom[b] {
				idom[b], changed = d, true
			}
		}
	}
	return idom
}
