package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

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
// predicted way. Two properties of the order stay: every loop's blocks
// are contiguous (the allocator weighs a loop as the stretch from its
// first block to its last), and every block comes after its immediate
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

	sink := make([]bool, n)
	any := false
	for _, b := range order[1:] {
		ref := 1.0
		if h := g.inner[b]; h != noLoop {
			ref = freq[h]
		}
		if b == g.inner[b] || freq[b] >= coldRatio*ref {
			continue
		}
		// A cold path starts at a two-way branch of its own loop
		// predicted against it (a br_table's many targets are rare
		// each, but none is a path to move aside; a loop's exit is
		// rare per iteration, not per entry) and goes on through the
		// blocks that start dominates.
		if d := idom[b]; sink[d] && g.inner[d] == g.inner[b] || slices.ContainsFunc(g.preds[b], func(p ssa.BlockID) bool {
			return len(g.succs[p]) == 2 && g.inner[p] == g.inner[b] && g.edgeProbability(prob, p, b) < coldRatio
		}) {
			sink[b], any = true, true
		}
	}
	if !any {
		return order
	}
	// A block stays when a block it dominates stays, or sinks elsewhere.
	for i := len(order) - 1; i > 0; i-- {
		b := order[i]
		if d := idom[b]; sink[d] && (!sink[b] || g.inner[b] != g.inner[d]) {
			sink[d] = false
		}
	}
	for _, h := range g.headers {
		order = g.sinkInRange(order, sink, h)
	}
	return g.sinkInRange(order, sink, noLoop)
}

// sinkInRange moves the blocks to sink whose innermost loop is h (noLoop:
// outside loops) to the end of h's blocks (the function's), when those are
// contiguous in order.
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
		if sink[b] && g.inner[b] == h {
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
