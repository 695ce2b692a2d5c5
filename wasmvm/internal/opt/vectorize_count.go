package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// countOfComparisons reports whether the body's k-th parameter s counts
// comparisons: s' = s + c0 + c1 + ... (a sum as sumLeaves finds), each c
// an i32 comparison of the body (zero-extended when s is i64), one per
// member (upper += (work[i] != text[i])); it returns the comparisons by
// member. The vector loop adds the number of lanes whose comparison
// holds (countOperand), which is the sum of the 0s and 1s.
func (l *vloop) countOfComparisons(k int) (memberValues, bool) {
	t := l.f.TypeOf(l.body.Params[k])
	leaves, ok := l.sumLeaves(k)
	if !ok || len(leaves) != l.members || t != ssa.TypeI32 && t != ssa.TypeI64 {
		return memberValues{}, false
	}
	cmps := make([]ssa.Value, len(leaves))
	for m, x := range leaves {
		d := l.f.Def(x)
		if t == ssa.TypeI64 && d != nil && d.Op == ssa.OpUextend && d.Aux == 32 {
			x, d = d.Args[0], l.f.Def(d.Args[0])
		}
		if d == nil || d.Op != ssa.OpIcmp || d.Block != l.body.ID || d.Type != ssa.TypeI32 {
			return memberValues{}, false
		}
		cmps[m] = x
	}
	return l.byMember(cmps)
}

// byMember orders vs, one value per member computed from loads, by the
// member of the first load each is computed from (following first
// operands): an unrolled body's copies in lane order.
func (l *vloop) byMember(vs []ssa.Value) (memberValues, bool) {
	t := noMembers()
	for _, v := range vs {
		m := l.memberOf(v, 8)
		if m < 0 || t[m] != ssa.NoValue {
			return memberValues{}, false
		}
		t[m] = v
	}
	return t, !slices.Contains(t[:l.members], ssa.NoValue)
}

// memberOf is the member of the first load v is computed from within
// depth operations, or -1.
func (l *vloop) memberOf(v ssa.Value, depth int) int {
	d := l.f.Def(v)
	if d == nil || d.Block != l.body.ID || depth == 0 {
		return -1
	}
	if ln, ok := l.access[d]; ok && d.Op == ssa.OpLoad {
		return ln.member
	}
	for _, a := range d.Args {
		if m := l.memberOf(a, depth-1); m >= 0 {
			return m
		}
	}
	return -1
}

// countOperand is what a count of comparisons adds to its accumulator in
// one vector iteration: the number of lanes whose comparison holds, in
// lane 0 of a vector of the accumulator's type t.
func (e *vecEmitter) countOperand(r *recurrence, t ssa.Type) (ssa.Value, error) {
	m, err := e.maskOf(r.leaves[:e.l.members])
	if err != nil {
		return ssa.NoValue, err
	}
	shape := e.shapeFor(ssa.TypeI32)
	n := e.op(e.vbody, ssa.OpPopcnt, ssa.TypeI32, e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVbitmask, Aux: uint32(shape), Args: []ssa.Value{m}}, ssa.TypeI32))
	if t == ssa.TypeI64 {
		n = e.extend(e.vbody, n)
	}
	return e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVinsertLane, Aux: uint32(shapeOf(t)), Args: []ssa.Value{e.constant(shapeOf(t), 0), n}}, ssa.TypeV128), nil
}
