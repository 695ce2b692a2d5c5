package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// splitChecks turns the two-way branches that end blocks (the
// vectorizer's check blocks) on the and (or) of two comparisons (or of
// such ands and ors) into two branches: the first comparison branches to
// a new block that tests the second or, where the first decides alone,
// to the branch's other target (its first target, for an or). Each
// comparison then fuses with its own branch, instead of both being
// computed as 0 or 1, combined and tested; the second moves to the new
// block, so a path the first decides does not compute it. The
// comparisons and the ands and ors must be of the branch's block and used
// only there. The vectorizer's checks (a trip count that is a multiple of
// the step and long enough; ranges inside the memory and apart) are such
// conditions, predictable and mostly failing for short loops; the
// program's own ands of comparisons stay, as its compiler chose them
// over branches. It reports whether it changed f.
func splitChecks(f *ssa.Func, blocks ...*ssa.Block) bool {
	uses := make([]int, f.NumValues())
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			for _, a := range in.Args {
				uses[a]++
			}
			for _, t := range in.Targets {
				for _, a := range t.Args {
					uses[a]++
				}
			}
		}
	}
	changed := false
	work := slices.Clone(blocks)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if next := splitCondition(f, b, uses); next != nil {
			work = append(work, b, next) // either part may split again
			changed = true
		}
	}
	return changed
}

// splitCondition splits the branch ending b, if its condition qualifies
// (see splitChecks), and returns the block it split off, or nil.
func splitCondition(f *ssa.Func, b *ssa.Block, uses []int) *ssa.Block {
	br := b.Terminator()
	if br == nil || br.Op != ssa.OpBrif || br.Targets[0].Block == br.Targets[1].Block {
		return nil
	}
	cond := f.Def(br.Args[0])
	if cond == nil || cond.Block != b.ID || cond.Op != ssa.OpBand && cond.Op != ssa.OpBor ||
		cond.Type != ssa.TypeI32 || uses[br.Args[0]] != 1 {
		return nil
	}
	first, second := cond.Args[0], cond.Args[1]
	if first == second || !conditionTree(f, b.ID, first, uses, nil) {
		return nil
	}
	moved := map[*ssa.Instr]bool{}
	if !conditionTree(f, b.ID, second, uses, moved) {
		return nil
	}
	next := f.NewBlock()
	next.Preds = []ssa.BlockID{b.ID}
	for _, in := range b.Instrs { // in order: operands first
		if moved[in] {
			f.Move(in, next.ID)
			next.Instrs = append(next.Instrs, in)
		}
	}
	b.Instrs = slices.DeleteFunc(b.Instrs, func(in *ssa.Instr) bool { return in == cond || moved[in] })
	taken, other := br.Targets[0], br.Targets[1]
	if cond.Op == ssa.OpBand {
		// first false: other; first true: the second decides.
		f.Append(next, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{second}, Targets: []ssa.BlockCall{
			taken, {Block: other.Block, Args: slices.Clone(other.Args)}}})
		br.Targets = []ssa.BlockCall{{Block: next.ID}, other}
		removePred(f.Block(taken.Block), b.ID) // Append added next's edges
	} else {
		// first true: taken; first false: the second decides.
		f.Append(next, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{second}, Targets: []ssa.BlockCall{
			{Block: taken.Block, Args: slices.Clone(taken.Args)}, other}})
		br.Targets = []ssa.BlockCall{taken, {Block: next.ID}}
		removePred(f.Block(other.Block), b.ID)
	}
	br.Args[0] = first
	for _, t := range next.Instrs[len(next.Instrs)-1].Targets {
		for _, a := range t.Args {
			uses[a]++
		}
	}
	return next
}

// conditionTree says whether v is a comparison, or the and or or of two
// condition trees, computed in block b and used once (by the and, or or
// branch over it), adding its instructions to tree when that is not nil.
func conditionTree(f *ssa.Func, b ssa.BlockID, v ssa.Value, uses []int, tree map[*ssa.Instr]bool) bool {
	d := f.Def(v)
	if d == nil || d.Block != b || uses[v] != 1 {
		return false
	}
	if tree != nil {
		tree[d] = true
	}
	if isCompare(d.Op) {
		return true
	}
	return (d.Op == ssa.OpBand || d.Op == ssa.OpBor) && d.Type == ssa.TypeI32 && d.Args[0] != d.Args[1] &&
		conditionTree(f, b, d.Args[0], uses, tree) && conditionTree(f, b, d.Args[1], uses, tree)
}
