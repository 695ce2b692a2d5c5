package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// SplitConditions turns a two-way branch on the and (or) of two
// comparisons (or of such ands and ors) into two branches: the first comparison branches to a new
// block that tests the second or, where the first decides alone, to the
// branch's other target (its first target, for an or). Each comparison
// then fuses with its own branch, instead of both being computed as 0 or
// 1, combined and tested. The comparisons and the and must be of the
// branch's block and used only there; the second comparison moves to the
// new block, so a path the first decides does not compute it. Compilers
// for machines with cheap jumps do the same (LLVM splits such conditions
// when it selects x86 instructions); the vectorizer's run-time checks
// (a trip count that is a multiple of the step and long enough) are such
// ands. It reports whether it changed f.
func SplitConditions(f *ssa.Func) bool {
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
	for i := 0; i < len(f.Blocks); i++ { // blocks added on the way too
		for splitCondition(f, f.Blocks[i], uses) { // the first part may split again
			changed = true
		}
	}
	return changed
}

// splitCondition splits the branch ending b, if its condition qualifies
// (see SplitConditions), and reports whether it did.
func splitCondition(f *ssa.Func, b *ssa.Block, uses []int) bool {
	br := b.Terminator()
	if br == nil || br.Op != ssa.OpBrif || br.Targets[0].Block == br.Targets[1].Block {
		return false
	}
	cond := f.Def(br.Args[0])
	if cond == nil || cond.Block != b.ID || cond.Op != ssa.OpBand && cond.Op != ssa.OpBor ||
		cond.Type != ssa.TypeI32 || uses[br.Args[0]] != 1 {
		return false
	}
	first, second := cond.Args[0], cond.Args[1]
	if first == second || !conditionTree(f, b.ID, first, uses, nil) {
		return false
	}
	moved := map[*ssa.Instr]bool{}
	if !conditionTree(f, b.ID, second, uses, moved) {
		return false
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
	return true
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
