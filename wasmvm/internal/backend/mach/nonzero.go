package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// maxNonZeroDepth bounds the single-predecessor blocks nonZero walks up
// from a division.
const maxNonZeroDepth = 4

// nonZero reports whether v, the divisor of a division in block at,
// cannot be 0 there: a nonzero constant; a value that the branch into at
// (or into a block before it on a line of blocks with one predecessor
// each) shows nonzero on its edge (nonZeroOnEdge), as a loop that tests
// its divisor before dividing; or a block parameter that every edge into
// its block gives a value the edge shows nonzero, as the divisor of
// Euclid's loop, which enters the loop only when it is not 0 and comes
// back only with a remainder that is not. The division then needs no
// check for 0.
func (l *Func) nonZero(v ssa.Value, at ssa.BlockID) bool {
	if c, ok := l.constant(v); ok {
		return c.Op == ssa.OpIconst && !isZero(c.Imm, l.F.TypeOf(v))
	}
	for range maxNonZeroDepth {
		b := l.F.Block(at)
		if at == 0 || len(b.Preds) != 1 {
			break
		}
		p := b.Preds[0]
		term := l.F.Block(p).Terminator()
		k := slices.IndexFunc(term.Targets, func(t ssa.BlockCall) bool { return t.Block == at })
		if k >= 0 && l.nonZeroOnEdge(p, k, v) {
			return true
		}
		at = p
	}
	if l.F.Def(v) != nil {
		return false
	}
	b := l.F.Block(l.F.BlockOf(v))
	i := slices.Index(b.Params, v)
	if b.ID == 0 || i < 0 || len(b.Preds) == 0 {
		return false // the entry's are the function's parameters
	}
	for _, p := range b.Preds {
		term := l.F.Block(p).Terminator()
		for k, t := range term.Targets {
			if t.Block == b.ID && !l.nonZeroOnEdge(p, k, l.F.Resolve(t.Args[i])) {
				return false
			}
		}
	}
	return true
}

// nonZeroOnEdge reports whether value a, passed on target k of block p's
// terminator, is not 0 there: a nonzero constant, or the value the
// branch tests on its edge where it is not 0 (brif a: the first target;
// brif a == 0: the second; brif a != 0: the first). An edge through a
// block that only jumps counts as the branch's edge into that block.
func (l *Func) nonZeroOnEdge(p ssa.BlockID, k int, a ssa.Value) bool {
	if c, ok := l.constant(a); ok {
		return c.Op == ssa.OpIconst && !isZero(c.Imm, l.F.TypeOf(a))
	}
	blk := l.F.Block(p)
	term := blk.Terminator()
	if term.Op == ssa.OpJump && len(blk.Instrs) == 1 && len(blk.Preds) == 1 {
		q := l.F.Block(blk.Preds[0]).Terminator()
		if q.Op != ssa.OpBrif || q.Targets[0].Block == q.Targets[1].Block {
			return false
		}
		term, k = q, slices.IndexFunc(q.Targets, func(t ssa.BlockCall) bool { return t.Block == p })
	}
	if term.Op != ssa.OpBrif || term.Targets[0].Block == term.Targets[1].Block {
		return false
	}
	c := l.F.Resolve(term.Args[0])
	if c == a {
		return k == 0
	}
	cmp := l.F.Def(c)
	if cmp == nil || cmp.Op != ssa.OpIcmp || (cmp.Cond != ssa.CondEq && cmp.Cond != ssa.CondNe) {
		return false
	}
	x, y := l.F.Resolve(cmp.Args[0]), l.F.Resolve(cmp.Args[1])
	if x != a {
		x, y = y, x
	}
	if z, ok := l.constant(y); x != a || !ok || z.Op != ssa.OpIconst || !isZero(z.Imm, l.F.TypeOf(y)) {
		return false
	}
	return (cmp.Cond == ssa.CondNe) == (k == 0)
}

// isZero says whether constant bits imm of type t are 0.
func isZero(imm uint64, t ssa.Type) bool {
	if t == ssa.TypeI32 {
		return uint32(imm) == 0
	}
	return imm == 0
}
