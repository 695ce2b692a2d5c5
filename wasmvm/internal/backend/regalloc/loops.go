package regalloc

// loopDepths returns how many loops contain each block: a loop is the
// natural loop of a back edge (an edge to a block on the depth-first path
// from the entry), the blocks that reach the edge's source without
// passing its target.
func loopDepths(f *Function) []int {
	nb := len(f.Blocks)
	depth := make([]int, nb)
	if nb == 0 {
		return depth
	}
	preds := make([][]int, nb)
	for b := range f.Blocks {
		for _, s := range f.Blocks[b].Succs {
			preds[s] = append(preds[s], b)
		}
	}
	back := BackEdges(nb, func(b int) []int { return f.Blocks[b].Succs })
	// Each header counts once however many back edges reach it.
	inLoop := make([]int, nb) // the header+1 whose loop last marked the block
	counted := make([]bool, nb)
	for i, be := range back {
		h := be.Header
		if counted[h] {
			continue
		}
		counted[h] = true
		mark := h + 1
		inLoop[h] = mark
		depth[h]++
		var work []int
		for _, e := range back[i:] {
			if e.Header == h && inLoop[e.From] != mark {
				inLoop[e.From] = mark
				depth[e.From]++
				work = append(work, e.From)
			}
		}
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			for _, p := range preds[b] {
				if inLoop[p] != mark {
					inLoop[p] = mark
					depth[p]++
					work = append(work, p)
				}
			}
		}
	}
	return depth
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
