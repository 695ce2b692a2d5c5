package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A vector loop whose addresses advance 16 bytes an iteration and that
// loads two vectors of one address class 16 bytes apart, B at position p
// and A at p+16 (stencil's mid[j-1..j] and mid[j+1..j+2]), loads in each
// iteration the bytes A loaded in the one before. In the unrolled loop
// (vectorize_unroll.go), every copy but the first so takes B's vector
// from the copy before it instead of loading it: a load fewer, and,
// above all, no load of bytes whose address matches in its low 12 bits
// (4K aliasing) a store just before it: stencil's reload of
// mid[j-1..j] came right after the store of out[j-2..j-1], 2 MiB away,
// and stalled on it, which cost the loop a quarter of its time. The
// first copy still loads B right after the previous iteration's last
// store: one such reload in four vectors instead of one in each.
// RATIONALE.md: "Why do the copies of an unrolled vector loop share
// loaded vectors?"
//
// A copy's loads all come before its stores. Between A's load in one
// copy and B's in the next, only the first copy's stores run, and the
// checks keep them off those bytes: a store group checked against B at
// run time is apart from it, or trails it (starts at or before it, so
// that its store of one vector ends at or before B's bytes of the
// next); one that reads exactly B's elements (sameElements) writes B's
// bytes of the copy before, not of its own; only one exempt as apart from
// B within an iteration (apartInIteration) may write A's bytes, and then
// B is loaded as before.

// reusedFrom returns the load group whose vector of the previous vector
// iteration is load group g's vector of the current one (see above).
func (l *vloop) reusedFrom(g *group) (*group, bool) {
	if l.down || l.stride*uint32(l.unroll) != 16 || g.store {
		return nil, false
	}
	var from *group
	for _, a := range l.groups {
		if !a.store && a.class == g.class && a.pos == g.pos+16 {
			from = a
		}
	}
	if from == nil {
		return nil, false
	}
	for _, s := range l.groups {
		if s.store && l.apartInIteration(g, s) && !l.apartInIteration(from, s) {
			return nil, false
		}
	}
	return from, true
}

// reusedLoads maps each of the vector loop's loads whose bytes the
// previous iteration loaded to that load.
func (e *vecEmitter) reusedLoads() map[*ssa.Instr]*ssa.Instr {
	l := e.l
	reused := map[*ssa.Instr]*ssa.Instr{}
	for _, g := range l.groups {
		if g.store || g.vec == ssa.NoValue {
			continue
		}
		if from, ok := l.reusedFrom(g); ok && from.vec != ssa.NoValue {
			reused[l.f.Def(g.vec)] = l.f.Def(from.vec)
		}
	}
	return reused
}
