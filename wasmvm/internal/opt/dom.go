package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// domTree is the dominator tree of a function's reachable blocks, computed
// with the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple,
// Fast Dominance Algorithm", 2001) over reverse postorder.
type domTree struct {
	order    []ssa.BlockID   // reachable blocks in reverse postorder
	rpoIndex []int           // position in order, -1 if unreachable
	idom     []ssa.BlockID   // immediate dominator; the entry's is itself
	children [][]ssa.BlockID // blocks immediately dominated
}

// successors returns the blocks b's terminator may jump to.
func successors(b *ssa.Block) []ssa.BlockCall {
	if t := b.Terminator(); t != nil {
		return t.Targets
	}
	return nil
}

// reversePostorder lists the blocks reachable from the entry, each after
// every block that reaches it other than through a back edge.
func reversePostorder(f *ssa.Func) []ssa.BlockID {
	seen := make([]bool, len(f.Blocks))
	post := make([]ssa.BlockID, 0, len(f.Blocks))
	type frame struct {
		b    *ssa.Block
		next int
	}
	seen[0] = true
	stack := []frame{{f.Entry(), 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		succ := successors(top.b)
		if top.next == len(succ) {
			post = append(post, top.b.ID)
			stack = stack[:len(stack)-1]
			continue
		}
		id := succ[top.next].Block
		top.next++
		if !seen[id] {
			seen[id] = true
			stack = append(stack, frame{f.Block(id), 0})
		}
	}
	for i, j := 0, len(post)-1; i < j; i, j = i+1, j-1 {
		post[i], post[j] = post[j], post[i]
	}
	return post
}

func dominators(f *ssa.Func) *domTree {
	d := &domTree{order: reversePostorder(f)}
	n := len(f.Blocks)
	d.rpoIndex = make([]int, n)
	d.idom = make([]ssa.BlockID, n)
	for i := range d.rpoIndex {
		d.rpoIndex[i], d.idom[i] = -1, -1
	}
	for i, id := range d.order {
		d.rpoIndex[id] = i
	}
	d.idom[0] = 0
	for changed := true; changed; {
		changed = false
		for _, id := range d.order[1:] {
			newIdom := ssa.BlockID(-1)
			for _, p := range f.Block(id).Preds {
				if d.rpoIndex[p] < 0 || d.idom[p] < 0 {
					continue // unreachable, or not processed yet
				}
				if newIdom < 0 {
					newIdom = p
				} else {
					newIdom = d.intersect(p, newIdom)
				}
			}
			if newIdom >= 0 && d.idom[id] != newIdom {
				d.idom[id] = newIdom
				changed = true
			}
		}
	}
	// The children lists are cut out of one array: count, then fill.
	counts := make([]int32, n)
	for _, id := range d.order[1:] {
		if p := d.idom[id]; p >= 0 {
			counts[p]++
		}
	}
	all := make([]ssa.BlockID, len(d.order))
	d.children = make([][]ssa.BlockID, n)
	next := int32(0)
	for b, c := range counts {
		if c > 0 {
			d.children[b] = all[next : next : next+c]
			next += c
		}
	}
	for _, id := range d.order[1:] {
		if p := d.idom[id]; p >= 0 {
			d.children[p] = append(d.children[p], id)
		}
	}
	return d
}

func (d *domTree) intersect(a, b ssa.BlockID) ssa.BlockID {
	for a != b {
		for d.rpoIndex[a] > d.rpoIndex[b] {
			a = d.idom[a]
		}
		for d.rpoIndex[b] > d.rpoIndex[a] {
			b = d.idom[b]
		}
	}
	return a
}

// reachable reports whether b can be reached from the entry.
func (d *domTree) reachable(b ssa.BlockID) bool { return d.rpoIndex[b] >= 0 }

// dominates reports whether every path from the entry to b passes a.
func (d *domTree) dominates(a, b ssa.BlockID) bool {
	if !d.reachable(a) || !d.reachable(b) {
		return false
	}
	for d.rpoIndex[b] > d.rpoIndex[a] {
		b = d.idom[b]
	}
	return a == b
}
