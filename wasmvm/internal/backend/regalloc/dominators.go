package regalloc

// dominators returns the immediate dominator of each block of f (see
// Dominators).
func dominators(f *Function) []int {
	return Dominators(len(f.Blocks), func(b int) []int { return f.Blocks[b].Succs })
}

// Dominators returns the immediate dominator of each block of the
// control-flow graph of n blocks with successors succs (the entry, block
// 0, has itself; -1 for a block the entry does not reach), by the
// iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
// Dominance Algorithm", 2001) over a reverse postorder, whatever the
// blocks' order.
func Dominators(n int, succs func(b int) []int) []int {
	idom := make([]int, n)
	if n == 0 {
		return idom
	}
	// Postorder numbers by depth-first search from the entry.
	post := make([]int, n)
	for b := range post {
		post[b], idom[b] = -1, -1
	}
	order := make([]int, 0, n) // blocks in postorder
	visited := make([]bool, n)
	type frame struct{ b, next int }
	stack := []frame{{0, 0}}
	visited[0] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if ss := succs(top.b); top.next < len(ss) {
			s := ss[top.next]
			top.next++
			if !visited[s] {
				visited[s] = true
				stack = append(stack, frame{s, 0})
			}
			continue
		}
		post[top.b] = len(order)
		order = append(order, top.b)
		stack = stack[:len(stack)-1]
	}
	preds := make([][]int, n)
	for b := range n {
		for _, s := range succs(b) {
			preds[s] = append(preds[s], b)
		}
	}
	intersect := func(x, y int) int {
		for x != y {
			for post[x] < post[y] {
				x = idom[x]
			}
			for post[y] < post[x] {
				y = idom[y]
			}
		}
		return x
	}
	idom[0] = 0
	for changed := true; changed; {
		changed = false
		for k := len(order) - 2; k >= 0; k-- { // reverse postorder, past the entry
			b := order[k]
			d := -1
			for _, p := range preds[b] {
				if idom[p] < 0 {
					continue
				}
				if d < 0 {
					d = p
				} else {
					d = intersect(p, d)
				}
			}
			if d != idom[b] {
				idom[b], changed = d, true
			}
		}
	}
	return idom
}

// dominates reports whether block x dominates block y, by idom.
func dominates(idom []int, x, y int) bool {
	for y >= 0 {
		if x == y {
			return true
		}
		if idom[y] == y {
			return false
		}
		y = idom[y]
	}
	return false
}
