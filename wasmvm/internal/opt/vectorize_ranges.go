package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// The byte ranges the vector loop's run-time checks compare, for loops
// whose addresses increase and for those whose addresses decrease
// (l.down, a backward copy). All are i64 values: a class's start address
// a0 (at the first iteration, extended), and span = K*stride for the K
// scalar iterations the vector loop runs.

// conjunction is the run-time checks of a loop's preheader block as one
// i32, built up by and.
type conjunction struct {
	e  *vecEmitter
	b  *ssa.Block
	ok ssa.Value // ssa.NoValue until the first check
}

func (c *conjunction) and(x ssa.Value) {
	if c.ok == ssa.NoValue {
		c.ok = x
		return
	}
	c.ok = c.e.op(c.b, ssa.OpBand, ssa.TypeI32, c.ok, x)
}

// classesInMemory emits into b, for each address class, its first address
// (l.initArg of its induction variable) and the check that its bytes over
// the K iterations lie inside the memory (insideMemory); it returns the
// conjunction of those checks and the first addresses, as i32 and
// zero-extended.
func (e *vecEmitter) classesInMemory(b *ssa.Block, span ssa.Value) (checks *conjunction, start32, start64 map[*addrClass]ssa.Value) {
	l := e.l
	memBytes := e.opK(b, ssa.OpIshl, e.extend(b, e.emit(b, &ssa.Instr{Op: ssa.OpMemorySize}, ssa.TypeI32)), 16)
	checks = &conjunction{e: e, b: b, ok: ssa.NoValue}
	start32, start64 = map[*addrClass]ssa.Value{}, map[*addrClass]ssa.Value{}
	for _, c := range l.classes {
		start32[c] = e.address(b, c, l.initArg(c.iv))
		start64[c] = e.extend(b, start32[c])
		checks.and(e.insideMemory(b, start64[c], c.end, span, memBytes))
	}
	return checks, start32, start64
}

// insideMemory tests that the bytes a class touches over the K
// iterations, positions 0 to end-1 from its address in each, lie inside
// the memory's memBytes: a0 .. a0+span-stride+end going up, a0+stride-span
// .. a0+end going down.
func (e *vecEmitter) insideMemory(b *ssa.Block, a0 ssa.Value, end uint64, span, memBytes ssa.Value) ssa.Value {
	stride := uint64(e.l.stride)
	if !e.l.down {
		last := e.opK(b, ssa.OpIadd, e.op(b, ssa.OpIadd, ssa.TypeI64, a0, span), end-stride)
		return e.icmp(b, ssa.CondULe, last, memBytes)
	}
	above := e.icmp(b, ssa.CondUGe, e.opK(b, ssa.OpIadd, a0, stride), span)
	return e.op(b, ssa.OpBand, ssa.TypeI32, above, e.icmp(b, ssa.CondULe, e.opK(b, ssa.OpIadd, a0, end), memBytes))
}

// groupStart is the lowest byte a group at position pos of a class
// starting at a0 touches over the K iterations; it covers span bytes from
// there.
func (e *vecEmitter) groupStart(b *ssa.Block, a0 ssa.Value, pos uint64, span ssa.Value) ssa.Value {
	lo := e.opK(b, ssa.OpIadd, a0, pos)
	if e.l.down {
		lo = e.op(b, ssa.OpIsub, ssa.TypeI64, e.opK(b, ssa.OpIadd, lo, uint64(e.l.stride)), span)
	}
	return lo
}

// trailing tests that a store group starting at loS trails a load group
// starting at loX: it is behind it in the loop's direction (or level with
// it). Then no iteration loads a byte an earlier iteration stored: with
// addresses going up, the store of iteration j reaches at most
// loS+(j+1)*stride-1 < loX+i*stride for i > j, and alike going down.
// Within one iteration, store member m' can reach load member m only
// where m' >= m going up (m' <= m going down), so if those loads come
// first in the body (loadsAhead), every load reads what it reads in the
// scalar loop, whether its vector iteration runs before the stores of the
// same or later iterations or after those of earlier ones: a memmove in
// either direction.
func (e *vecEmitter) trailing(b *ssa.Block, loS, loX ssa.Value) ssa.Value {
	if e.l.down {
		return e.icmp(b, ssa.CondUGe, loS, loX)
	}
	return e.icmp(b, ssa.CondULe, loS, loX)
}

// loadsAhead reports whether in the body each member's store comes after
// the loads of the members it may overwrite when the store group trails
// the load group: those at or before it in the loop's direction.
func (l *vloop) loadsAhead(load, store *group) bool {
	for ms, s := range store.storeAt {
		for ml, k := range load.lastLoad {
			if (ml <= ms && !l.down || ml >= ms && l.down) && k > s {
				return false
			}
		}
	}
	return true
}

// apartInIteration reports whether groups x and s of the same class need
// no check because the vector loop runs one scalar iteration per vector
// iteration (unroll 1: a body advancing a vector or more) and their bytes
// in one iteration are disjoint: every access then happens in the same
// order relative to every other access to its bytes as in the scalar
// loop.
func (l *vloop) apartInIteration(x, s *group) bool {
	return l.unroll == 1 && x.class == s.class && (x.pos+16 <= s.pos || s.pos+16 <= x.pos)
}
