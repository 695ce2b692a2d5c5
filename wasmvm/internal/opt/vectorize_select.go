package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// Comparisons and selects in vector loops: toupper over a buffer
// (c-'a' < 26 ? c&0x5f : c), clamping, counting matches. A comparison's
// lane-wise form gives all ones or zero per lane (OpVicmp); a select
// picks its operands' lanes by such a mask (OpVbitselect), and a
// comparison used as a number is the mask and 1.

// comparisonOf is the vector of comparisons vs (icmp in every member)
// as lanes of 0 or 1, the scalar results.
func (e *vecEmitter) comparisonOf(vs []ssa.Value, shape ssa.Shape) (ssa.Value, error) {
	m, err := e.maskOf(vs)
	if err != nil {
		return ssa.NoValue, err
	}
	return e.op(e.vbody, ssa.OpVand, ssa.TypeV128, m, e.constant(shape, 1)), nil
}

// selectOf is the vector of selects vs: each lane its member's first
// operand where the condition holds, else its second.
func (e *vecEmitter) selectOf(vs []ssa.Value) (ssa.Value, error) {
	if err := e.sameOperation(vs); err != nil {
		return ssa.NoValue, err
	}
	conds := e.memberArgs(vs, 0)
	m, err := e.maskOf(conds[:len(vs)])
	if err != nil {
		return ssa.NoValue, err
	}
	x, err := e.vector(e.memberArgs(vs, 1))
	if err != nil {
		return ssa.NoValue, err
	}
	y, err := e.vector(e.memberArgs(vs, 2))
	if err != nil {
		return ssa.NoValue, err
	}
	return e.op(e.vbody, ssa.OpVbitselect, ssa.TypeV128, x, y, m), nil
}

// maskOf is the lane mask of conditions vs, i32 values true when not 0:
// all ones in the lanes where a member's condition holds. A condition
// that is a comparison in the body is compared lane-wise (laneCond
// says how); any other must fit its lanes and is compared with 0.
func (e *vecEmitter) maskOf(vs []ssa.Value) (ssa.Value, error) {
	t := noMembers()
	copy(t[:], vs)
	if m, ok := e.masks[t]; ok {
		return m, nil
	}
	l, f := e.l, e.l.f
	shape := e.shapeFor(ssa.TypeI32)
	w := uint(shape.LaneBits())
	if uint64(w) != 8*l.elem {
		return ssa.NoValue, notVectorizable("i32 condition among %d-byte elements", l.elem)
	}
	d0 := f.Def(vs[0])
	var m ssa.Value
	if d0 != nil && d0.Op == ssa.OpIcmp {
		if d0.Block != l.body.ID || f.TypeOf(d0.Args[0]) != ssa.TypeI32 {
			return ssa.NoValue, notVectorizable("comparison of %s values", f.TypeOf(d0.Args[0]))
		}
		if err := e.sameOperation(vs); err != nil {
			return ssa.NoValue, err
		}
		c, ok := e.laneCond(d0, w)
		for _, v := range vs[1:] {
			cv, okv := e.laneCond(f.Def(v), w)
			ok = ok && okv && cv == c
		}
		if !ok {
			return ssa.NoValue, notVectorizable("comparison not exact in %d-bit lanes", w)
		}
		x, err := e.vector(e.memberArgs(vs, 0))
		if err != nil {
			return ssa.NoValue, err
		}
		y, err := e.vector(e.memberArgs(vs, 1))
		if err != nil {
			return ssa.NoValue, err
		}
		m = e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVicmp, Aux: uint32(shape), Cond: c, Args: []ssa.Value{x, y}}, ssa.TypeV128)
	} else {
		for _, v := range vs {
			if f.TypeOf(v) != ssa.TypeI32 || w < 32 && !e.spanOf(v).unsignedIn(w) && !e.spanOf(v).signedIn(w) {
				return ssa.NoValue, notVectorizable("condition not exact in %d-bit lanes", w)
			}
		}
		x, err := e.vector(t)
		if err != nil {
			return ssa.NoValue, err
		}
		m = e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVicmp, Aux: uint32(shape), Cond: ssa.CondNe,
			Args: []ssa.Value{x, e.constant(shape, 0)}}, ssa.TypeV128)
	}
	e.masks[t] = m
	return m, nil
}

// laneCond is the condition to compare w-bit lanes with so that the
// result is cmp's, an i32 comparison, and whether there is one. With 32-bit
// lanes it is cmp's own. Narrow lanes hold the low w bits of the
// operands, which determine them when both operands' spans fit the
// lanes zero-extended (every condition turns unsigned: the values are
// not negative) or sign-extended (conditions stay: unsigned order of
// sign-extended lanes is that of their i32 values). Or the comparison is
// a range check, x <u N with N constant (x = c-'a', c a byte): see
// rangeCheckExact.
func (e *vecEmitter) laneCond(cmp *ssa.Instr, w uint) (ssa.Cond, bool) {
	c := cmp.Cond
	if w == 32 {
		return c, true
	}
	x, y := cmp.Args[0], cmp.Args[1]
	sx, sy := e.spanOf(x), e.spanOf(y)
	switch {
	case sx.unsignedIn(w) && sy.unsignedIn(w):
		return unsignedCond(c), true
	case sx.signedIn(w) && sy.signedIn(w):
		return c, true
	}
	if n, ok := e.l.constant(y); ok {
		return c, rangeCheckExact(c, sx, uint64(uint32(n)), w)
	}
	if n, ok := e.l.constant(x); ok {
		return c, rangeCheckExact(c.Swapped(), sy, uint64(uint32(n)), w)
	}
	return c, false
}

// rangeCheckExact reports whether x c n, an unsigned comparison of an i32
// x of span s with a constant n, is the same comparison of x's low w bits
// with n. x <u T holds for x in [0, T); the low bits d of x are below T
// for those and, when s holds no value of [T-2^w, 0) nor of [2^w, 2^w+T),
// for no other x of s: a negative x has d = x + 2^w >= T, and x stays
// below 2^w. ule, ugt and uge compare with T = n+1, n+1 and n.
func rangeCheckExact(c ssa.Cond, s span, n uint64, w uint) bool {
	var t uint64
	switch c {
	case ssa.CondULt, ssa.CondUGe:
		t = n
	case ssa.CondULe, ssa.CondUGt:
		t = n + 1
	default:
		return false
	}
	lanes := uint64(1) << w
	return n < lanes && t <= lanes && s.lo >= int64(t)-int64(lanes) && s.hi < int64(lanes)
}

// unsignedConds are the unsigned forms of the signed conditions.
var unsignedConds = map[ssa.Cond]ssa.Cond{ssa.CondSLt: ssa.CondULt, ssa.CondSLe: ssa.CondULe,
	ssa.CondSGt: ssa.CondUGt, ssa.CondSGe: ssa.CondUGe}

// unsignedCond is c for operands that are not negative: the unsigned
// form of a signed condition.
func unsignedCond(c ssa.Cond) ssa.Cond {
	if u, ok := unsignedConds[c]; ok {
		return u
	}
	return c
}

// sameOperation checks that the members vs are the same operation of the
// body (op, Aux, Cond and operand count as the first member's).
func (e *vecEmitter) sameOperation(vs []ssa.Value) error {
	f := e.l.f
	d0 := f.Def(vs[0])
	for _, v := range vs {
		d := f.Def(v)
		if d == nil || d.Op != d0.Op || d.Block != e.l.body.ID || d.Aux != d0.Aux || d.Cond != d0.Cond || len(d.Args) != len(d0.Args) {
			return notVectorizable("members compute differently")
		}
	}
	return nil
}

// memberArgs are the i-th operands of the members vs.
func (e *vecEmitter) memberArgs(vs []ssa.Value, i int) memberValues {
	t := noMembers()
	for m, v := range vs {
		t[m] = e.l.f.Def(v).Args[i]
	}
	return t
}
