package mach

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// maxLoopScale bounds how many times a loop is estimated to iterate per
// entry, whatever its back edges' probabilities say (a loop without a
// predicted exit).
const maxLoopScale = 64

// blockFrequencies estimates how often each block runs per call of the
// function (the entry's frequency is 1), from the branch probabilities
// prob, by the algorithm of Wu and Larus: each loop, innermost first, is
// given its cyclic probability (how likely an entry into its header comes
// back to it, with its inner loops' already known); then frequencies flow
// in topological order from the entry along the edges that are not back
// edges, a header's scaled by 1/(1-cyclic probability).
func (g *flowGraph) blockFrequencies(prob [][]float64) []float64 {
	n := len(g.f.Blocks)
	freq := make([]float64, n)
	cyclic := make([]float64, n)
	propagate := func(head ssa.BlockID, in func(ssa.BlockID) bool) float64 {
		back := 0.0
		for _, b := range g.order {
			if !in(b) {
				continue
			}
			f := 0.0
			if b == head {
				f = 1
			} else {
				for _, p := range g.preds[b] {
					if in(p) && !g.isBack(p, b) {
						f += freq[p] * g.edgeProbability(prob, p, b)
					}
				}
				if g.inner[b] == b {
					f /= 1 - cyclic[b]
				}
			}
			freq[b] = f
			for _, s := range g.succs[b] {
				if s == head && g.isBack(b, s) {
					back += f * g.edgeProbability(prob, b, s)
				}
			}
		}
		return back
	}
	for _, h := range g.headers {
		c := propagate(h, func(b ssa.BlockID) bool { return g.inLoop(h, b) })
		cyclic[h] = min(c, 1-1.0/maxLoopScale)
	}
	g.cyclic = cyclic
	propagate(0, func(ssa.BlockID) bool { return true })
	if g.inner[0] == 0 { // the entry heads a loop
		freq[0] /= 1 - cyclic[0]
	}
	return freq
}

// edgeProbability returns the probability of the edge from p to s (all
// of p's edges to s together).
func (g *flowGraph) edgeProbability(prob [][]float64, p, s ssa.BlockID) float64 {
	q := 0.0
	for i, t := range g.succs[p] {
		if t == s {
			q += prob[p][i]
		}
	}
	return q
}

// pathShare returns how often block b runs per pass through each loop
// that contains it, relative to the function's entry: its frequency with
// every loop's estimated iteration count taken out (each loop's scale,
// 1/(1-cyclic probability), divided back). A loop's header has the share
// of the paths that enter the loop, the blocks of its body a part of
// that. It needs blockFrequencies to have run.
func (g *flowGraph) pathShare(b ssa.BlockID) float64 {
	s := g.freq[b]
	for h := g.inner[b]; h != noLoop; h = g.parent[h] {
		s *= 1 - g.cyclic[h]
	}
	return s
}

// allocationWeight returns the factor, in (0, 1], by which the register
// allocator multiplies block b's weight by loop depth
// (regalloc.Function.Share): the product, over b's innermost loop and each
// loop around it up to the function, of the part of a pass through that
// loop (or a call of the function) that runs b, or the loop below it, as
// shareFactor rounds it. So the rare paths of a loop (a call, a miss)
// weigh less than its hot path, and a loop on a rare path less than one
// every call runs, while a branch the prediction is unsure of weighs its
// two paths alike.
func (g *flowGraph) allocationWeight(b ssa.BlockID) float64 {
	w := 1.0
	for b != noLoop {
		c := g.inner[b] // the loop whose pass b is part of
		if c == b {
			c = g.parent[b]
		}
		outer := 1.0
		if c != noLoop {
			outer = g.pathShare(c)
		}
		w *= shareFactor(g.pathShare(b) / outer)
		b = c
	}
	return w
}

const (
	// sureShare is the part of a pass through a loop below which the
	// prediction calls a block rare (a branch of 0.4 or less towards
	// it, give or take the other branches on the way).
	sureShare = 0.4
	// shareFloor bounds what a block weighs per loop level against the
	// loop's header: the estimates are static, and a path predicted rare
	// that runs often (a call that fpmath makes on most iterations) then
	// costs at most a factor of 16.
	shareFloor = 1.0 / 16
)

// shareFactor rounds r, the part of a pass through a loop that runs a
// block: 1 when the prediction does not call the block rare (r at least
// sureShare), else r rounded down to a power of two (so that blocks of
// about the same share weigh the same, and the allocator's cheapest
// split positions do not move with noise in the estimates), and not
// below shareFloor.
func shareFactor(r float64) float64 {
	if !(r < sureShare) { // also NaN
		return 1
	}
	if !(r > shareFloor) {
		return shareFloor
	}
	_, e := math.Frexp(r) // r = m * 2^e, 0.5 <= m < 1
	return max(math.Ldexp(1, e-1), shareFloor)
}
