package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// reductionOps are the integer operations whose reductions the vector loop
// may compute lane by lane and combine at the end: associative and
// commutative, exactly, on wrapping integers.
var reductionOps = map[ssa.Op]bool{ssa.OpIadd: true, ssa.OpBxor: true, ssa.OpBor: true, ssa.OpBand: true}

// reduction reports whether the body's k-th parameter s is an integer
// reduction s' = s op x: the operation is its only use in the body, and
// s' is used only by the back edge (and after the loop), so no iteration
// sees a partial result.
func (l *vloop) reduction(k int) (op ssa.Op, x ssa.Value, ok bool) {
	s, next := l.body.Params[k], l.backArg(k)
	d := l.f.Def(next)
	if d == nil || d.Block != l.body.ID || !d.Type.IsInt() || !reductionOps[d.Op] {
		return ssa.OpInvalid, ssa.NoValue, false
	}
	switch {
	case d.Args[0] == s && d.Args[1] != s:
		x = d.Args[1]
	case d.Args[1] == s && d.Args[0] != s:
		x = d.Args[0]
	default:
		return ssa.OpInvalid, ssa.NoValue, false
	}
	uses := 0
	term := l.body.Terminator()
	for _, in := range l.body.Instrs {
		for _, a := range in.Args {
			if a == s || a == next && in != term {
				uses++
			}
			if a == next && in == term {
				return ssa.OpInvalid, ssa.NoValue, false
			}
		}
	}
	for j, a := range term.Targets[l.back].Args {
		if j != k && (a == s || a == next) {
			return ssa.OpInvalid, ssa.NoValue, false
		}
	}
	return d.Op, x, uses == 1
}

// reductionStart is the accumulator on entry to the vector loop: s0 in
// lane 0, the operation's identity in the others.
func (e *vecEmitter) reductionStart(op ssa.Op, s0 ssa.Value) ssa.Value {
	t := e.l.f.TypeOf(s0)
	var identity uint64
	if op == ssa.OpBand {
		identity = ^uint64(0)
	}
	acc := e.constant(shapeOf(t), identity)
	return e.emit(e.vcheck, &ssa.Instr{Op: ssa.OpVinsertLane, Aux: uint32(shapeOf(t)), Args: []ssa.Value{acc, s0}}, ssa.TypeV128)
}

// reductionEnd combines the accumulator's lanes in the exit block.
func (e *vecEmitter) reductionEnd(r *recurrence, t ssa.Type) ssa.Value {
	s := e.lane(e.vexit, r.next, t, 0)
	for i := 1; i < shapeOf(t).Lanes(); i++ {
		s = e.op(e.vexit, r.reduce, t, s, e.lane(e.vexit, r.next, t, i))
	}
	return s
}
