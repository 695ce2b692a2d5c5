package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A pair loop compares two streams of memory, element by element, until
// they differ: memcmp's for (; n && *l == *r; n--, l++, r++), or an LZ77
// match extension's while (i < limit && a[i] == b[i]) i++. It has two
// loads of the same access (1 or 4 bytes, both advancing by that size per
// iteration, from the same or different induction variables), and each
// data exit compares their values for (in)equality. The vector loop
// loads 16 bytes from each address (both checked to be inside the
// memory) and compares them lane-wise: the first unequal lane is a hit.

// scanLoad is a load of a scan loop and its address: header parameter
// ptr, plus base (an invariant, or NoValue), plus disp.
type scanLoad struct {
	in   *ssa.Instr
	ptr  int
	disp uint32
	base ssa.Value
}

// findPair checks a second load for a pair loop: the same access as the
// first, its address advancing by the same size, and no rotated or
// window parameter (which follow the one load).
func (l *scanLoop) findPair() bool {
	in := l.pair.in
	if l.rotated >= 0 || l.window >= 0 || in.Aux != l.load.Aux || in.Type != l.load.Type {
		return false
	}
	a, ok := l.loadAddress(in)
	if !ok {
		return false
	}
	*l.pair = a
	return true
}

// pairAddress computes the second load's address in b for the pointer
// ptr (its parameter's value there).
func (l *scanLoop) pairAddress(e *scanEmitter, b *ssa.Block, ptr ssa.Value) ssa.Value {
	if l.pair.base != ssa.NoValue {
		ptr = e.op(b, ssa.OpIadd, ssa.TypeI32, ptr, l.pair.base)
	}
	return e.opK(b, ssa.OpIadd, ptr, uint64(l.pair.disp))
}

// pairInMemory adds head's check that the 16 bytes the vector loop loads
// for the second load are inside the memory of memBytes bytes, and
// returns their address.
func (e *scanEmitter) pairInMemory(memBytes ssa.Value) ssa.Value {
	b := e.checkBlock()
	addr := e.l.pairAddress(e, b, e.vars[e.l.pair.ptr])
	end := e.opK(b, ssa.OpIadd, e.extend(b, addr), e.l.pair.in.Imm+16)
	e.test(b, e.icmp(b, ssa.CondULe, end, memBytes))
	return addr
}

// pairHits emits into e.vbody the mask of the lanes where the two
// streams' elements differ (or are equal, for an exit taken on
// equality), or reports that some data exit is not such a comparison.
func (e *scanEmitter) pairHits(addr ssa.Value) (ssa.Value, bool) {
	l := e.l
	shape := ssa.ShapeI8x16
	if l.size == 4 {
		shape = ssa.ShapeI32x4
	}
	eq := ssa.NoValue
	mask := ssa.NoValue
	for _, x := range l.exits {
		if !x.data {
			continue
		}
		if !l.pairEquality(x) {
			return ssa.NoValue, false
		}
		if eq == ssa.NoValue {
			other := e.emit(e.vbody, &ssa.Instr{Op: ssa.OpLoad, Imm: l.pair.in.Imm, Aux: uint32(ssa.Mem128),
				Aux2: ssa.InBounds, Args: []ssa.Value{addr}}, ssa.TypeV128)
			eq = e.vcmp(shape, ssa.CondEq, e.loaded(), other)
		}
		m := e.exitLanes(x, eq)
		if mask == ssa.NoValue {
			mask = m
		} else {
			mask = e.orMasks(mask, m)
		}
	}
	return mask, mask != ssa.NoValue
}

// pairEquality reports whether data exit x is an eq or ne comparison of
// the two loads' values.
func (l *scanLoop) pairEquality(x scanExit) bool {
	d := l.f.Def(x.cond)
	if d == nil || d.Op != ssa.OpIcmp || d.Cond != ssa.CondEq && d.Cond != ssa.CondNe {
		return false
	}
	a, b := l.load.Result(), l.pair.in.Result()
	return d.Args[0] == a && d.Args[1] == b || d.Args[0] == b && d.Args[1] == a
}
