package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// reversePostorder lays out the blocks reachable from the entry in
// reverse postorder: every block after the blocks that reach it other than
// through a back edge. A loop's blocks then stay together, before the
// code after the loop, which keeps live intervals short (a value leaving
// a loop does not span it). Of a block's successors, the one laid out
// right after it is, first, the one deepest in loops (a branch that stays
// in its loop falls through, one that leaves it jumps forward, so the
// loop's body is contiguous and the path that continues the loop needs
// no taken branch; not for a br_table, which reaches every target by one
// indirect jump: its targets keep their order, and with it the allocation
// of the code around the dispatch), then the one the static branch
// prediction favours (probability.go), then the last one that only this
// block leads to (the code after a br_if, the else-branch of an if) where
// nothing else must. Cold blocks then move to the end of their loop or of
// the function (sinkCold).
func (g *flowGraph) reversePostorder() []ssa.BlockID {
	prob := g.branchProbabilities()
	post := g.predictedOrder(prob)
	g.freq = g.blockFrequencies(prob)
	return g.sinkCold(post, prob, g.freq)
}

// predictedOrder returns reversePostorder's order before cold blocks
// move, given the branch probabilities prob.
func (g *flowGraph) predictedOrder(prob [][]float64) []ssa.BlockID {
	f := g.f
	depth := g.depth
	seen := make([]bool, len(f.Blocks))
	var post []ssa.BlockID
	type frame struct {
		b     *ssa.Block
		order []ssa.BlockID // successors still to visit, the last first
	}
	successors := func(b *ssa.Block) []ssa.BlockID {
		ids := slices.Clone(g.succs[b.ID])
		if len(ids) == 0 {
			return nil
		}
		next := 0
		if len(ids) == 2 {
			p := prob[b.ID][0]
			switch d0, d1 := depth[ids[0]], depth[ids[1]]; {
			case d1 > d0:
				next = 1
			case d1 < d0:
			case p < 0.5-likelyMargin:
				next = 1
			case p > 0.5+likelyMargin:
			case len(f.Block(ids[1]).Preds) == 1:
				next = 1
			}
		} else {
			for i, id := range ids { // a br_table jumps to every target alike
				if len(f.Block(id).Preds) == 1 {
					next = i
				}
			}
		}
		// Visited last, the preferred successor is laid out first.
		ids[0], ids[next] = ids[next], ids[0]
		return ids
	}
	entry := f.Block(0)
	seen[entry.ID] = true
	stack := []frame{{entry, successors(entry)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.order) == 0 {
			post = append(post, top.b.ID)
			stack = stack[:len(stack)-1]
			continue
		}
		id := top.order[len(top.order)-1]
		top.order = top.order[:len(top.order)-1]
		if !seen[id] {
			seen[id] = true
			s := f.Block(id)
			stack = append(stack, frame{s, successors(s)})
		}
	}
	slices.Reverse(post)
	return post
}

// likelyMargin is how far from even a branch's prediction must be for
// layout to follow it.
const likelyMargin = 0.05

// targets returns the blocks b's terminator branches to, in order, past
// the blocks that only jump on (forwarded).
func targets(f *ssa.Func, b *ssa.Block) []ssa.BlockID {
	t := b.Terminator()
	if t == nil {
		return nil
	}
	ids := make([]ssa.BlockID, 0, len(t.Targets))
	for _, c := range t.Targets {
		ids = append(ids, forwarded(f, c).Block)
	}
	return ids
}

// forwarded returns where a branch to call really goes: past blocks that
// only jump on (no parameters, a single predecessor, the jump their only
// instruction: the frontend's blocks on critical edges), to that jump's
// target with its arguments. Those arguments are defined where the branch
// is (they dominate the forwarding block, which only the branch reaches),
// and the branch's edge performs their moves itself, so the forwarding
// block is left out: no jump over it, no jump through it. Constants among
// the arguments are set on the edge too (Edge.Consts), so a br_table whose
// cases pass constants (a switch mapping keys to values, thousands of
// cases) sets each case's own on its edge, not all of them before the
// dispatch.
func forwarded(f *ssa.Func, call ssa.BlockCall) ssa.BlockCall {
	for range 8 { // enough for chains; stops on cycles
		b := f.Block(call.Block)
		if len(call.Args) != 0 || len(b.Params) != 0 || len(b.Preds) != 1 || len(b.Instrs) != 1 || b.Instrs[0].Op != ssa.OpJump {
			return call
		}
		call = b.Instrs[0].Targets[0]
	}
	return call
}
