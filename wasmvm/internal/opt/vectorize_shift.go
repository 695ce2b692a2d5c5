package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// An unrolled body may carry the last element it loaded from an array to
// the next iteration, where member 0 uses it as the element before its
// own (memcpy's misaligned word copy: each word stored combines a loaded
// word with the previous one, w<<k | prev>>(32-k), the first member's
// previous word being the last member's of the iteration before). In the
// vector loop, the members' previous elements are the lanes of the
// group's vector shifted by one element, the previous vector's last lane
// shifted in: the same shuffle as a carried value of a body that is not
// unrolled.

// carriedLastLoad reports whether the back edge passes the body's k-th
// parameter the load of the last member of a load group, and returns
// the group.
func (l *vloop) carriedLastLoad(k int) (*group, bool) {
	d := l.f.Def(l.backArg(k))
	if d == nil || d.Op != ssa.OpLoad || d.Block != l.body.ID {
		return nil, false
	}
	ln, ok := l.access[d]
	return ln.g, ok && !ln.g.store && ln.member == l.members-1
}

// previousLanes is the vector of the elements before the members' own:
// vs must be the carried parameter r stands for, then the loads of the
// group's members 0 .. members-2.
func (e *vecEmitter) previousLanes(vs []ssa.Value, r *recurrence) (ssa.Value, error) {
	l := e.l
	g, ok := l.carriedLastLoad(slices.Index(l.body.Params, vs[0]))
	if !ok || len(vs) != l.members {
		return ssa.NoValue, notVectorizable("carried value beside other members")
	}
	for m, v := range vs[1:] {
		d := l.f.Def(v)
		if d == nil || d.Op != ssa.OpLoad || l.access[d] != (lane{g, m}) {
			return ssa.NoValue, notVectorizable("carried value beside other members")
		}
	}
	if r.vec != ssa.NoValue {
		return r.vec, nil
	}
	cur, err := e.vector(e.groupLoads(g))
	if err != nil {
		return ssa.NoValue, err
	}
	r.next = cur
	r.vec = e.shiftInLast(r.prev, cur)
	return r.vec, nil
}

// groupLoads are the last loads of the group's members.
func (e *vecEmitter) groupLoads(g *group) memberValues {
	t := noMembers()
	for m, k := range g.lastLoad {
		t[m] = e.l.body.Instrs[k].Result()
	}
	return t
}

// recurrenceMembers are the values whose vector is carried parameter p's:
// p alone in a body that is not unrolled, p and the loads of its group's
// members but the last in an unrolled one.
func (e *vecEmitter) recurrenceMembers(p ssa.Value) memberValues {
	l := e.l
	g, ok := l.carriedLastLoad(slices.Index(l.body.Params, p))
	if l.members == 1 || !ok {
		return single(p)
	}
	t := e.groupLoads(g)
	copy(t[1:l.members], t[:l.members-1])
	t[0] = p
	return t
}
