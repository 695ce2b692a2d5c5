package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// HoistInvariants moves loop-invariant computations out of loops
// (loop-invariant code motion): a numberable instruction that cannot trap
// and whose operands are all defined outside a loop is moved to the end
// of the loop's preheader, the one block outside the loop that jumps to
// its header. Inner loops are done first, so a computation can leave a
// nest level by level. Constants move along (the backends
// rematerialize them at their uses anyway, so their place costs nothing
// and the instructions using them become invariant). An instruction that
// may trap stays: the loop might not have reached it. Loops without a preheader of
// their own are left alone.
func HoistInvariants(f *ssa.Func) { hoistWith(f, dominators(f)) }

func hoistWith(f *ssa.Func, d *domTree) {
	inLoop := make([]bool, len(f.Blocks))
	for i := len(d.order) - 1; i >= 0; i-- { // inner headers come later in reverse postorder
		h := f.Block(d.order[i])
		body := loopBody(f, d, h)
		if body == nil {
			continue
		}
		for _, id := range body {
			inLoop[id] = true
		}
		if pre := preheader(f, h, inLoop); pre != nil {
			hoistFrom(f, d, body, inLoop, pre)
		}
		for _, id := range body {
			inLoop[id] = false
		}
	}
}

// loopBody returns the blocks of the natural loop headed by h, h first,
// or nil if no back edge reaches h.
func loopBody(f *ssa.Func, d *domTree, h *ssa.Block) []ssa.BlockID {
	var work []ssa.BlockID
	for _, p := range h.Preds {
		if d.dominates(h.ID, p) {
			work = append(work, p)
		}
	}
	if len(work) == 0 {
		return nil
	}
	seen := map[ssa.BlockID]bool{h.ID: true}
	body := []ssa.BlockID{h.ID}
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[id] || !d.reachable(id) {
			continue
		}
		seen[id] = true
		body = append(body, id)
		work = append(work, f.Block(id).Preds...)
	}
	return body
}

// preheader returns the only block outside the loop that enters it, if it
// ends in a plain jump to the header.
func preheader(f *ssa.Func, h *ssa.Block, inLoop []bool) *ssa.Block {
	var pre *ssa.Block
	for _, p := range h.Preds {
		if inLoop[p] {
			continue
		}
		if pre != nil && pre.ID != p {
			return nil
		}
		pre = f.Block(p)
	}
	if pre == nil || pre.Terminator() == nil || pre.Terminator().Op != ssa.OpJump {
		return nil
	}
	return pre
}

// hoistFrom moves the invariant instructions of the loop's blocks, visited
// in dominator order so that an operand hoisted earlier counts as
// invariant, to the end of pre.
func hoistFrom(f *ssa.Func, d *domTree, body []ssa.BlockID, inLoop []bool, pre *ssa.Block) {
	ordered := slices.Clone(body)
	slices.SortFunc(ordered, func(a, b ssa.BlockID) int { return d.rpoIndex[a] - d.rpoIndex[b] })
	term := pre.Instrs[len(pre.Instrs)-1]
	hoisted := pre.Instrs[:len(pre.Instrs)-1]
	for _, id := range ordered {
		b := f.Block(id)
		kept := b.Instrs[:0]
		for _, in := range b.Instrs {
			if !invariant(f, in, inLoop) {
				kept = append(kept, in)
				continue
			}
			f.Move(in, pre.ID)
			hoisted = append(hoisted, in)
		}
		clear(b.Instrs[len(kept):])
		b.Instrs = kept
	}
	pre.Instrs = append(hoisted, term)
}

func invariant(f *ssa.Func, in *ssa.Instr, inLoop []bool) bool {
	switch {
	case isConstant(in.Op):
		return true // where it is defined does not matter: the backends rematerialize it at its uses
	case !numberable(in.Op) || canTrap(in.Op) || len(in.Args) == 0:
		return false
	}
	for _, a := range in.Args {
		if def := f.Def(a); def == nil && inLoop[f.BlockOf(a)] || def != nil && inLoop[def.Block] {
			return false
		}
	}
	return true
}

// isConstant reports whether op defines a constant, which the backends
// rematerialize at each use.
func isConstant(op ssa.Op) bool { return op >= ssa.OpIconst && op <= ssa.OpV128const }
