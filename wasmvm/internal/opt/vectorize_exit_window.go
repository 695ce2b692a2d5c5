package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A window parameter w of a byte scan loop takes (w << 8) | c, c the byte
// the iteration loads: it holds the last four bytes loaded, the earliest
// in its top byte (musl's twobyte/threebyte/fourbyte_strstr compare such
// a word with the needle's). The vector loop reads them from memory: w
// at the start of an iteration is the big-endian word of the four bytes
// before the load's address, which the body checks on entry (as for a
// rotated parameter, a mismatch makes lane 0 a hit and the scalar loop
// runs), and an exit comparing the shifted word with an invariant for
// (in)equality compares four vectors: the loaded bytes and those one,
// two and three bytes before, each with one byte of the invariant.

// windowBefore is w for the iteration whose pointer is ptr: the
// big-endian i32 of the four bytes before its load's address, in b.
func (e *scanEmitter) windowBefore(b *ssa.Block, ptr ssa.Value) ssa.Value {
	l := e.l
	addr := l.addressBefore(e, b, ptr, 4)
	x := e.emit(b, &ssa.Instr{Op: ssa.OpLoad, Imm: l.load.Imm, Aux: uint32(ssa.Mem32), Aux2: ssa.InBounds,
		Args: []ssa.Value{addr}}, ssa.TypeI32)
	return e.byteSwap(b, x)
}

// byteSwap reverses the bytes of the i32 x.
func (e *scanEmitter) byteSwap(b *ssa.Block, x ssa.Value) ssa.Value {
	top := e.opK(b, ssa.OpIshl, x, 24)
	second := e.opK(b, ssa.OpBand, e.opK(b, ssa.OpIshl, x, 8), 0xff0000)
	third := e.opK(b, ssa.OpBand, e.opK(b, ssa.OpUshr, x, 8), 0xff00)
	low := e.opK(b, ssa.OpUshr, x, 24)
	return e.op(b, ssa.OpBor, ssa.TypeI32, e.op(b, ssa.OpBor, ssa.TypeI32, top, second),
		e.op(b, ssa.OpBor, ssa.TypeI32, third, low))
}

// windowEquality matches a data exit comparing the shifted window with an
// invariant for (in)equality and emits the mask of the lanes that take
// it: lane j's word equals the invariant when the bytes 3, 2, 1 and 0
// before lane j's byte (inclusive) equal its bytes from the top down.
func (e *scanEmitter) windowEquality(x scanExit) (ssa.Value, bool) {
	l := e.l
	if l.window < 0 {
		return ssa.NoValue, false
	}
	b, ok := l.invariantEquality(x, l.windowNext)
	if !ok {
		return ssa.NoValue, false
	}
	eq := ssa.NoValue
	for k := range uint64(4) {
		bytes := e.loaded()
		if k > 0 {
			bytes = e.vload(l.addressBefore(e, e.vbody, e.vars[l.ptr], k))
		}
		want := b
		if k > 0 {
			want = e.opK(e.pre, ssa.OpUshr, b, 8*k)
		}
		m := e.vcmp(ssa.ShapeI8x16, ssa.CondEq, bytes, e.splat(ssa.ShapeI8x16, want))
		if eq == ssa.NoValue {
			eq = m
		} else {
			eq = e.op(e.vbody, ssa.OpVand, ssa.TypeV128, eq, m)
		}
	}
	return e.exitLanes(x, eq), true
}
