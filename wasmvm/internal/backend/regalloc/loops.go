package regalloc

// loops describes the natural loops of a function: the loop of a back
// edge (an edge to a block on the depth-first path from the entry to it)
// is the blocks that reach the edge's source without passing its target,
// the header.
type loops struct {
	depth []int // per block: how many loops contain it
	inner []int // per block: the header of the smallest loop containing it, or -1
	first []int // per header: the first block of its loop in layout order
	last  []int // ... and the last
}

// findLoops finds f's loops; the predecessors of block b are
// preds[predStart[b]:predStart[b+1]] (predecessors).
func findLoops(f *Function, predStart, preds []int32) loops {
	nb := len(f.Blocks)
	lp := loops{depth: make([]int, nb), inner: make([]int, nb), first: make([]int, nb), last: make([]int, nb)}
	for b := range lp.inner {
		lp.inner[b] = -1
	}
	back := BackEdges(nb, func(b int) []int { return f.Blocks[b].Succs })
	// Each header's loop once, however many back edges reach it.
	inLoop := make([]int, nb) // the header+1 whose loop last marked the block
	counted := make([]bool, nb)
	size := make([]int, nb)
	var bodies [][]int
	var headers []int
	for i, be := range back {
		h := be.Header
		if counted[h] {
			continue
		}
		counted[h] = true
		mark := h + 1
		inLoop[h] = mark
		body := []int{h}
		for _, e := range back[i:] {
			if e.Header == h && inLoop[e.From] != mark {
				inLoop[e.From] = mark
				body = append(body, e.From)
			}
		}
		for k := 1; k < len(body); k++ {
			for _, p := range preds[predStart[body[k]]:predStart[body[k]+1]] {
				if inLoop[p] != mark {
					inLoop[p] = mark
					body = append(body, int(p))
				}
			}
		}
		size[h] = len(body)
		bodies = append(bodies, body)
		headers = append(headers, h)
	}
	for k, body := range bodies {
		h := headers[k]
		lp.first[h], lp.last[h] = h, h
		for _, b := range body {
			lp.depth[b]++
			lp.first[h], lp.last[h] = min(lp.first[h], b), max(lp.last[h], b)
			if in := lp.inner[b]; in < 0 || size[h] < size[in] {
				lp.inner[b] = h
			}
		}
	}
	return lp
}

// BackEdge is an edge from a block to one on the depth-first path from the
// entry to it: the header of a loop.
type BackEdge struct{ From, Header int }

// BackEdges finds the back edges of the control-flow graph of n blocks
// with successors succs, by depth-first search from block 0.
func BackEdges(n int, succs func(b int) []int) []BackEdge {
	if n == 0 {
		return nil
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, n)
	type frame struct{ block, next int }
	var back []BackEdge
	stack := []frame{{0, 0}}
	state[0] = onPath
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		ss := succs(top.block)
		if top.next == len(ss) {
			state[top.block] = done
			stack = stack[:len(stack)-1]
			continue
		}
		s := ss[top.next]
		top.next++
		switch state[s] {
		case onPath:
			back = append(back, BackEdge{top.block, s})
		case unseen:
			state[s] = onPath
			stack = append(stack, frame{s, 0})
		}
	}
	return back
}
