package mach

import (
	"math"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// paramBound is a memoized bound of a block parameter (see paramMax and
// paramMin).
type paramBound struct {
	value uint64
	known bool
}

// paramMax returns an unsigned bound on i32 block parameter v when every
// edge into its block passes a bounded value: one maxValue bounds, one
// that the branch taking the edge compared below a constant (i+k <u C
// passes at most C-1, whatever i+k was), or the parameter plus one on an
// edge taken while that sum differs from a constant C, when every other
// edge passes less than C. The last is a loop counting up by one to C:
// starting below C it reaches C without wrapping and leaves there, so it
// never exceeds C-1. An edge passing the parameter itself adds nothing.
//
// Bounds are memoized per parameter; a parameter met again while its own
// bound is being computed (a cycle of parameters through other rules)
// has none, which only loses bounds, never makes a wrong one.
func (l *Func) paramMax(v ssa.Value) (uint64, bool) {
	return memoized(&l.paramBounds, v, l.computeParamMax)
}

// memoized returns the bound of parameter v in *memo, computing it the
// first time; a cycle back to v while computing finds no bound.
func memoized(memo *map[ssa.Value]paramBound, v ssa.Value, compute func(ssa.Value) (uint64, bool)) (uint64, bool) {
	if *memo == nil {
		*memo = map[ssa.Value]paramBound{}
	}
	if b, seen := (*memo)[v]; seen {
		return b.value, b.known
	}
	(*memo)[v] = paramBound{} // while computing: no bound
	value, known := compute(v)
	(*memo)[v] = paramBound{value, known}
	return value, known
}

func (l *Func) computeParamMax(v ssa.Value) (uint64, bool) {
	if l.F.TypeOf(v) != ssa.TypeI32 {
		return 0, false
	}
	var bound uint64
	countTo, counts := uint64(0), false
	ok := l.eachIncoming(v, func(term *ssa.Instr, ti int, a ssa.Value) bool {
		if _, wrapped := l.wraps[a]; wrapped {
			return false
		}
		if c, ok := l.edgeLimit(term, ti, a); ok {
			bound = max(bound, c)
			return true
		}
		if c, ok := l.countsTo(term, ti, a, v); ok {
			if counts && c != countTo {
				return false
			}
			countTo, counts = c, true
			return true
		}
		m, ok := l.maxValue(a, maxValueDepth)
		bound = max(bound, m)
		return ok
	})
	if !ok {
		return 0, false
	}
	if counts {
		if bound >= countTo {
			return 0, false // it may start at or past C and wrap around
		}
		bound = countTo - 1
	}
	return bound, true
}

// eachIncoming calls visit with each edge into the block of parameter v
// (the terminator, the target's index and the argument passed to v) but
// those passing v itself, and reports whether every visit did. A
// function's parameter has no such edges and reports false: it can be
// anything.
func (l *Func) eachIncoming(v ssa.Value, visit func(term *ssa.Instr, ti int, a ssa.Value) bool) bool {
	f := l.F
	blk := f.Block(f.BlockOf(v))
	idx := slices.Index(blk.Params, v)
	if blk.ID == 0 || idx < 0 {
		return false
	}
	for i, p := range blk.Preds {
		if slices.Contains(blk.Preds[:i], p) {
			continue // the edges of a predecessor are all seen at once
		}
		term := f.Block(p).Terminator()
		if term == nil {
			return false
		}
		for ti, t := range term.Targets {
			if t.Block == blk.ID && t.Args[idx] != v && !visit(term, ti, t.Args[idx]) {
				return false
			}
		}
	}
	return true
}

// edgeCondition returns the i32 comparison that holds on edge ti of
// terminator term: the branch's condition on its first target, the
// negation on its second.
func (l *Func) edgeCondition(term *ssa.Instr, ti int) (x, y ssa.Value, c ssa.Cond, ok bool) {
	if term.Op != ssa.OpBrif || ti > 1 {
		return 0, 0, 0, false
	}
	cmp := l.F.Def(term.Args[0])
	if cmp == nil || cmp.Op != ssa.OpIcmp || l.F.TypeOf(cmp.Args[0]) != ssa.TypeI32 {
		return 0, 0, 0, false
	}
	c = cmp.Cond
	if ti == 1 {
		if c, ok = c.Negated(true); !ok {
			return 0, 0, 0, false
		}
	}
	return cmp.Args[0], cmp.Args[1], c, true
}

// comparedWith returns the condition edge ti of term establishes between
// a (on the left) and a constant, when its comparison is of the two.
func (l *Func) comparedWith(term *ssa.Instr, ti int, a ssa.Value) (c ssa.Cond, k uint64, ok bool) {
	x, y, c, ok := l.edgeCondition(term, ti)
	if !ok {
		return 0, 0, false
	}
	if y == a && x != a {
		x, y, c = y, x, c.Swapped()
	}
	if x != a {
		return 0, 0, false
	}
	k32, isConst := l.imm32(y, 4)
	return c, uint64(uint32(k32)), isConst
}

// edgeLimit returns the most value a can be on edge ti of term when the
// branch compared it below a constant there (unsigned).
func (l *Func) edgeLimit(term *ssa.Instr, ti int, a ssa.Value) (uint64, bool) {
	c, k, ok := l.comparedWith(term, ti, a)
	switch {
	case !ok:
		return 0, false
	case c == ssa.CondULt && k > 0:
		return k - 1, true
	case c == ssa.CondULe, c == ssa.CondEq:
		return k, true
	}
	return 0, false
}

// countsTo returns C when a is p+1 for block parameter p and edge ti of
// term is taken while a differs from constant C (C > 0).
func (l *Func) countsTo(term *ssa.Instr, ti int, a, p ssa.Value) (uint64, bool) {
	step, ok := l.stepOf(a, p)
	if one, isConst := l.imm32(step, 4); !ok || !isConst || one != 1 {
		return 0, false
	}
	c, k, ok := l.comparedWith(term, ti, a)
	if !ok || c != ssa.CondNe || k == 0 {
		return 0, false
	}
	return k, true
}

// minValue returns a lower bound (unsigned) on i32 value v when its
// definitions, up to depth deep, give one: a constant, a sum of bounded
// values that cannot wrap, an or, or a block parameter (paramMin).
func (l *Func) minValue(v ssa.Value, depth int) (uint64, bool) {
	if _, wrapped := l.wraps[v]; wrapped || depth == 0 || l.F.TypeOf(v) != ssa.TypeI32 {
		return 0, false
	}
	def := l.F.Def(v)
	if def == nil {
		return l.paramMin(v)
	}
	switch def.Op {
	case ssa.OpIconst:
		return uint64(uint32(def.Imm)), true
	case ssa.OpIadd:
		xmax, xok := l.maxValue(def.Args[0], depth-1)
		ymax, yok := l.maxValue(def.Args[1], depth-1)
		if !xok || !yok || xmax+ymax > math.MaxUint32 {
			return 0, false
		}
		x, xok := l.minValue(def.Args[0], depth-1)
		y, yok := l.minValue(def.Args[1], depth-1)
		return x + y, xok && yok
	case ssa.OpBor:
		x, xok := l.minValue(def.Args[0], depth-1)
		y, yok := l.minValue(def.Args[1], depth-1)
		switch {
		case xok && yok:
			return max(x, y), true
		case xok:
			return x, true
		case yok:
			return y, true
		}
	}
	return 0, false
}

// paramMin returns a lower bound on i32 block parameter v: the least of
// what its edges pass, leaving out the edges that pass v itself or v+1
// when v has a bound below 2^32-1 (an increment that cannot wrap makes
// nothing smaller). Memoized as paramMax is.
func (l *Func) paramMin(v ssa.Value) (uint64, bool) {
	return memoized(&l.paramMins, v, l.computeParamMin)
}

func (l *Func) computeParamMin(v ssa.Value) (uint64, bool) {
	least, any := uint64(math.MaxUint32), false
	ok := l.eachIncoming(v, func(_ *ssa.Instr, _ int, a ssa.Value) bool {
		if l.incrementOf(a, v) {
			return true
		}
		m, ok := l.minValue(a, maxValueDepth)
		least, any = min(least, m), any || ok
		return ok
	})
	return least, ok && any
}

// incrementOf reports whether a is p+1 and p has a bound below 2^32-1, so
// that the sum does not wrap.
func (l *Func) incrementOf(a, p ssa.Value) bool {
	step, ok := l.stepOf(a, p)
	if one, isConst := l.imm32(step, 4); !ok || !isConst || one != 1 {
		return false
	}
	top, known := l.paramMax(p)
	return known && top < math.MaxUint32
}

// stepOf returns k when a is the i32 sum p + k.
func (l *Func) stepOf(a, p ssa.Value) (ssa.Value, bool) {
	add := l.F.Def(a)
	if add == nil || add.Op != ssa.OpIadd || add.Type != ssa.TypeI32 {
		return 0, false
	}
	x, y := add.Args[0], add.Args[1]
	if y == p {
		x, y = y, x
	}
	return y, x == p
}
