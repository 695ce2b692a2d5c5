package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A block that only branches on a value computed before it is decided,
// edge by edge, by the branches on that value the edge's path has
// passed: sort's merge loop leaves through two exits, the test of i
// against the half's end (d = mid <= i) and the test of j, into one block
// that branches on d again to return or to copy the rest of the half.
// The first exit is d's taken edge, the second lies past its other edge,
// so each is sent to its own target, and d, no longer used after the
// loop, is not materialized on every iteration for it.

// maxPathSteps bounds the blocks pathDecides walks back through.
const maxPathSteps = 8

// pathCandidate reports whether b holds nothing but a conditional branch
// on a value defined in another block, and has no parameters.
func (t *threader) pathCandidate(b *ssa.Block) bool {
	if len(b.Params) != 0 || len(b.Instrs) != 1 {
		return false
	}
	term := b.Instrs[0]
	return term.Op == ssa.OpBrif && t.f.BlockOf(term.Args[0]) != b.ID
}

// jumpOnly reports whether b only jumps, without arguments, to another
// block: the edges into it are edges into that block.
func jumpOnly(b *ssa.Block) bool {
	if len(b.Params) != 0 || len(b.Instrs) != 1 {
		return false
	}
	in := b.Instrs[0]
	return in.Op == ssa.OpJump && len(in.Targets[0].Args) == 0 && in.Targets[0].Block != b.ID
}

// threadByPaths redirects the edges into b, directly or through blocks
// that only jump to it, whose paths decide b's condition.
func (t *threader) threadByPaths(b *ssa.Block) bool {
	changed := false
	for _, p := range uniqueBlocks(b.Preds) {
		pb := t.f.Block(p)
		if jumpOnly(pb) {
			for _, pp := range uniqueBlocks(pb.Preds) {
				changed = t.threadEdgesByPath(pp, pb, b) || changed
			}
			continue
		}
		changed = t.threadEdgesByPath(p, b, b) || changed
	}
	return changed
}

// threadEdgesByPath redirects the edges from block p into via (b, or a
// block that only jumps to b) to the target of b's branch that their
// paths decide.
func (t *threader) threadEdgesByPath(p ssa.BlockID, via, b *ssa.Block) bool {
	c := b.Instrs[0].Args[0]
	pterm := t.f.Block(p).Terminator()
	if pterm == nil {
		return false
	}
	changed := false
	for j := range pterm.Targets {
		edge := &pterm.Targets[j]
		if edge.Block != via.ID || t.budget == maxThreads {
			continue
		}
		nonzero, ok := t.pathDecides(p, j, c)
		if !ok {
			continue
		}
		k := 1
		if nonzero {
			k = 0
		}
		if !t.safe(b, k) {
			continue
		}
		t.redirect(p, edge, via, b, k)
		changed = true
	}
	return changed
}

// pathDecides reports whether c is nonzero on the edge leaving block p by
// its terminator's target j, when that tells: the edge is a target of a
// branch on c, or p is entered by one edge only, from a block whose edge
// into p decides it (walking back a few blocks). Every execution that
// takes the edge has passed that branch's edge last among the branches
// on c: each block walked has one predecessor.
func (t *threader) pathDecides(p ssa.BlockID, j int, c ssa.Value) (nonzero, ok bool) {
	cur, edge := p, j
	def := t.f.BlockOf(c)
	for range maxPathSteps {
		blk := t.f.Block(cur)
		term := blk.Terminator()
		if term != nil && term.Op == ssa.OpBrif && term.Args[0] == c && term.Targets[0].Block != term.Targets[1].Block {
			return edge == 0, true
		}
		if cur == def || len(blk.Preds) != 1 {
			return false, false
		}
		pred := blk.Preds[0]
		pterm := t.f.Block(pred).Terminator()
		if pterm == nil {
			return false, false
		}
		edge = -1
		for i, tg := range pterm.Targets {
			if tg.Block == cur {
				if edge >= 0 {
					return false, false
				}
				edge = i
			}
		}
		if edge < 0 {
			return false, false
		}
		cur = pred
	}
	return false, false
}
