package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// noLoop marks a block that no loop contains, in flowGraph.inner and
// flowGraph.parent.
const noLoop ssa.BlockID = -1

// flowGraph is the control flow of an SSA function as layout sees it:
// edges go past the blocks that only jump on (forwarded), and the natural
// loops of the graph with their nesting. WebAssembly's structured control
// gives reducible graphs, where the natural loops are exactly its loop
// constructs and a depth-first order is topological over the edges that
// are not back edges.
type flowGraph struct {
	f     *ssa.Func
	succs [][]ssa.BlockID // per block, its terminator's targets (forwarded)
	preds [][]ssa.BlockID // per block, the reachable blocks branching to it
	// order lists the reachable blocks in reverse postorder of a
	// depth-first search from the entry.
	order []ssa.BlockID
	depth []int         // per block: how many loops contain it
	inner []ssa.BlockID // per block: the header of the smallest loop containing it, or noLoop
	// parent gives, per loop header, the header of the smallest loop
	// containing that loop, or noLoop.
	parent []ssa.BlockID
	// headers lists the loop headers, innermost loops first.
	headers []ssa.BlockID
	// freq is each block's estimated frequency per call, once
	// reversePostorder has computed it (blockFrequencies).
	freq []float64
	// cyclic is, per loop header, the probability that an entry into it
	// comes back to it (blockFrequencies).
	cyclic []float64
}

// newFlowGraph finds the edges, order and loops of f's reachable blocks.
func newFlowGraph(f *ssa.Func) *flowGraph {
	const (
		unseen = iota
		onPath
		done
	)
	n := len(f.Blocks)
	g := &flowGraph{f: f, succs: make([][]ssa.BlockID, n), preds: make([][]ssa.BlockID, n),
		depth: make([]int, n), inner: make([]ssa.BlockID, n), parent: make([]ssa.BlockID, n)}
	state := make([]uint8, n)
	latches := make([][]ssa.BlockID, n) // header -> sources of its back edges
	type frame struct {
		b    ssa.BlockID
		next int
	}
	g.succs[0] = targets(f, f.Block(0))
	state[0] = onPath
	stack := []frame{{0, 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == len(g.succs[top.b]) {
			state[top.b] = done
			g.order = append(g.order, top.b)
			stack = stack[:len(stack)-1]
			continue
		}
		s := g.succs[top.b][top.next]
		top.next++
		if !slices.Contains(g.succs[top.b][:top.next-1], s) {
			g.preds[s] = append(g.preds[s], top.b)
		}
		switch state[s] {
		case onPath:
			if latches[s] == nil {
				g.headers = append(g.headers, s)
			}
			latches[s] = append(latches[s], top.b)
		case unseen:
			state[s] = onPath
			g.succs[s] = targets(f, f.Block(s))
			stack = append(stack, frame{s, 0})
		}
	}
	slices.Reverse(g.order)
	g.findLoops(latches)
	return g
}

// findLoops computes the loops' bodies from their back edges (latches,
// per header): depths, the innermost loop of each block, the nesting of
// the loops, and the headers innermost first.
func (g *flowGraph) findLoops(latches [][]ssa.BlockID) {
	for b := range g.inner {
		g.inner[b], g.parent[b] = noLoop, noLoop
	}
	in := make([]bool, len(g.f.Blocks)) // the blocks of the loop at hand
	bodies := make([][]ssa.BlockID, len(g.headers))
	var work []ssa.BlockID
	for k, h := range g.headers {
		in[h] = true
		body := []ssa.BlockID{h}
		work = append(work[:0], latches[h]...)
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if in[b] {
				continue
			}
			in[b], body = true, append(body, b)
			work = append(work, g.preds[b]...)
		}
		for _, b := range body {
			g.depth[b]++
			in[b] = false
		}
		bodies[k] = body
	}
	// A loop nested in another is a proper subset of it: visited from the
	// largest, each loop finds as the innermost loop of its header so far
	// the smallest loop around it, and then becomes the innermost loop of
	// its blocks.
	byLen := make([]int, len(g.headers))
	for k := range byLen {
		byLen[k] = k
	}
	slices.SortStableFunc(byLen, func(x, y int) int { return len(bodies[y]) - len(bodies[x]) })
	for _, k := range byLen {
		h := g.headers[k]
		g.parent[h] = g.inner[h]
		for _, b := range bodies[k] {
			g.inner[b] = h
		}
	}
	slices.SortStableFunc(g.headers, func(x, y ssa.BlockID) int { return g.depth[y] - g.depth[x] })
}

// inLoop reports whether block b is in the loop of header h.
func (g *flowGraph) inLoop(h, b ssa.BlockID) bool {
	for l := g.inner[b]; l != noLoop; l = g.parent[l] {
		if l == h {
			return true
		}
	}
	return false
}

// isBack reports whether the edge from b to s is a back edge: s is the
// header of a loop that contains b.
func (g *flowGraph) isBack(b, s ssa.BlockID) bool {
	return g.inner[s] == s && g.inLoop(s, b)
}
