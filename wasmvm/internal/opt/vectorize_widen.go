package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// sumOfLoads reports whether the body's k-th parameter s is a sum of
// loads: s' = s + x0 + x1 + ... (iadds in any order and grouping along
// one chain from s' down to s), whose operands x are the loads of one
// load group, each member once; it returns them by member. The chain's
// partial sums have no other use, nor has s, and s' only the back edge,
// so no iteration sees a partial result. The loads may be narrower than
// the sum (i32 sums of bytes or halfwords, loaded zero- or sign-extended
// alike): the vector loop then widens the loaded lanes by adding them in
// pairs (reductionOperand), which for wrapping integer addition gives the
// same total.
func (l *vloop) sumOfLoads(k int) (memberValues, bool) {
	leaves, ok := l.sumLeaves(k)
	if !ok {
		return memberValues{}, false
	}
	return l.loadMembers(leaves, l.f.TypeOf(l.body.Params[k]))
}

// sumLeaves returns the operands x of the body's k-th parameter s if it is
// a sum s' = s + x0 + x1 + ... (iadds in any order and grouping along one
// chain from s' down to s) whose partial sums have no other use, nor has
// s, and s' only the back edge.
func (l *vloop) sumLeaves(k int) ([]ssa.Value, bool) {
	s, next := l.body.Params[k], l.backArg(k)
	var leaves []ssa.Value
	var chain []ssa.Value
	for cur := next; cur != s; {
		d := l.f.Def(cur)
		if d == nil || d.Block != l.body.ID || d.Op != ssa.OpIadd || d.Type != l.f.TypeOf(s) || len(chain) > maxMembers {
			return nil, false
		}
		chain = append(chain, cur)
		x, rest := d.Args[1], d.Args[0]
		if !l.onChain(rest, s) {
			x, rest = rest, x
		}
		if !l.onChain(rest, s) {
			return nil, false
		}
		leaves = append(leaves, x)
		cur = rest
	}
	if !l.usedOnceInBody(s) || !l.onlyBackEdge(k, next) {
		return nil, false
	}
	for _, v := range chain[1:] {
		if !l.usedOnceInBody(v) {
			return nil, false
		}
	}
	return leaves, true
}

// onChain reports whether v is s or an iadd in the body.
func (l *vloop) onChain(v, s ssa.Value) bool {
	d := l.f.Def(v)
	return v == s || d != nil && d.Block == l.body.ID && d.Op == ssa.OpIadd
}

// usedOnceInBody reports whether v is an argument exactly once in the
// body's instructions and its back edge (uses on the way out of the loop
// see the scalar loop's last iteration, which always runs).
func (l *vloop) usedOnceInBody(v ssa.Value) bool {
	uses := 0
	for _, in := range l.body.Instrs {
		for _, a := range in.Args {
			if a == v {
				uses++
			}
		}
	}
	for _, a := range l.body.Terminator().Targets[l.back].Args {
		if a == v {
			uses++
		}
	}
	return uses == 1
}

// onlyBackEdge reports whether the body uses next only as the back edge's
// k-th argument.
func (l *vloop) onlyBackEdge(k int, next ssa.Value) bool {
	return l.usedOnceInBody(next) && l.backArg(k) == next
}

// loadMembers orders leaves, which must be the loads of one load group
// (each member once), by member, and checks that their values are the
// sum's type t: the loads' own, or i32 from 8 or 16 bits all extended the
// same way.
func (l *vloop) loadMembers(leaves []ssa.Value, t ssa.Type) (memberValues, bool) {
	if len(leaves) != l.members {
		return memberValues{}, false
	}
	byMember := noMembers()
	var g *group
	var access ssa.MemAccess
	for _, x := range leaves {
		d := l.f.Def(x)
		if d == nil || d.Op != ssa.OpLoad || d.Type != t {
			return memberValues{}, false
		}
		ln, ok := l.access[d]
		if !ok || g != nil && (ln.g != g || ssa.MemAccess(d.Aux) != access) || byMember[ln.member] != ssa.NoValue {
			return memberValues{}, false
		}
		g, access = ln.g, ssa.MemAccess(d.Aux)
		byMember[ln.member] = x
	}
	if l.elem < 4 && t != ssa.TypeI32 || l.elem >= 4 && uint64(t.Bits()) != 8*l.elem {
		return memberValues{}, false
	}
	return byMember, true
}

// widening are the loads whose lanes a sum widens, and whether they are
// sign-extended.
var widening = map[ssa.MemAccess]bool{ssa.Mem8U: false, ssa.Mem8S: true, ssa.Mem16U: false, ssa.Mem16S: true}

// reductionOperand is the vector a reduction's accumulator (of type t)
// takes in: the operand's vector, a count of comparisons' number of lanes
// that hold, or a sum of loads' group vector, its narrow lanes added in
// pairs up to the accumulator's width.
func (e *vecEmitter) reductionOperand(r *recurrence, t ssa.Type) (ssa.Value, error) {
	switch {
	case r.operand != ssa.NoValue:
		return e.vector(single(r.operand))
	case r.count:
		return e.countOperand(r, t)
	}
	v, err := e.vector(r.leaves)
	if err != nil {
		return ssa.NoValue, err
	}
	signed, narrow := widening[ssa.MemAccess(e.l.f.Def(r.leaves[0]).Aux)]
	if !narrow {
		return v, nil
	}
	op := ssa.OpVuextaddPairwise
	if signed {
		op = ssa.OpVsextaddPairwise
	}
	if e.l.elem == 1 {
		v = e.emit(e.vbody, &ssa.Instr{Op: op, Aux: uint32(ssa.ShapeI16x8), Args: []ssa.Value{v}}, ssa.TypeV128)
		// Sums of two bytes, zero- or sign-extended, are within
		// -256..510: as i16 lanes they extend alike either way, and the
		// signed pairwise addition is the shorter on amd64.
		op = ssa.OpVsextaddPairwise
	}
	return e.emit(e.vbody, &ssa.Instr{Op: op, Aux: uint32(ssa.ShapeI32x4), Args: []ssa.Value{v}}, ssa.TypeV128), nil
}
