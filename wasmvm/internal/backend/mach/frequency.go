package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

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
