package opt

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Fill loops as memory.fill. A counted loop whose stores all store one
// invariant value made of a single repeated byte (memset's loop storing
// c64 = (c & 255) * 0x01010101 * 0x100000001 at four positions), covering
// every byte its address advances, and whose other parameters pass
// through unchanged, runs its first n-1 iterations as one memory.fill of
// that byte, after the trip count and bounds checks of a copy (see
// vectorize_bulk.go; a fill has no source to overlap). Loads in such a
// body can only feed values nothing stores, and the last iteration runs
// in the scalar loop, so values used after the loop are unchanged.

// byteSplat is a value whose bytes all equal one byte: an i32 value whose
// low 8 bits are that byte (v), or a constant.
type byteSplat struct {
	v       ssa.Value
	c       uint8
	isConst bool
}

// value returns the byte as an i32 operand of memory.fill, emitted in b
// if a constant.
func (s *byteSplat) value(e *vecEmitter, b *ssa.Block) ssa.Value {
	if s.isConst {
		return e.iconst(b, ssa.TypeI32, uint64(s.c))
	}
	return s.v
}

func (s *byteSplat) same(t *byteSplat) bool {
	return s.isConst == t.isConst && (s.isConst && s.c == t.c || !s.isConst && s.v == t.v)
}

// Multipliers that repeat a byte, or a 32-bit word, through a value.
const (
	repeatByte32 = 0x01010101
	repeatByte64 = 0x0101010101010101
	repeatWord64 = 0x100000001
)

// splatOf recognizes v as a value of one repeated byte: a constant, a
// byte multiplied by 0x01010101 (0x0101010101010101 for i64), or a 32-bit
// splat widened and multiplied by 0x100000001 or or-ed with itself
// shifted by 32.
func (l *vloop) splatOf(v ssa.Value) (*byteSplat, bool) {
	d := l.f.Def(v)
	if d == nil {
		return nil, false
	}
	switch d.Op {
	case ssa.OpIconst:
		x := d.Imm
		if d.Type == ssa.TypeI32 {
			x = uint64(uint32(x)) | uint64(uint32(x))<<32
		}
		if x == uint64(uint8(x))*repeatByte64 {
			return &byteSplat{v: ssa.NoValue, c: uint8(x), isConst: true}, true
		}
	case ssa.OpImul:
		x, k, ok := l.constOperand(d)
		if !ok {
			break
		}
		switch {
		case d.Type == ssa.TypeI32 && k == repeatByte32 || d.Type == ssa.TypeI64 && k == repeatByte64:
			if b, isByte := l.byteValue(x); isByte {
				return &byteSplat{v: b}, true
			}
		case d.Type == ssa.TypeI64 && k == repeatWord64:
			return l.widenedSplat(x)
		}
	case ssa.OpBor:
		for i := range 2 {
			sh := l.f.Def(d.Args[1-i])
			if sh == nil || sh.Op != ssa.OpIshl || sh.Args[0] != d.Args[i] {
				continue
			}
			if k, ok := l.constant(sh.Args[1]); ok && k == 32 {
				return l.widenedSplat(d.Args[i])
			}
		}
	}
	return nil, false
}

// widenedSplat recognizes x as an i32 splat extended to 64 bits.
func (l *vloop) widenedSplat(x ssa.Value) (*byteSplat, bool) {
	d := l.f.Def(x)
	if d == nil || d.Op != ssa.OpUextend || l.f.TypeOf(d.Args[0]) != ssa.TypeI32 {
		return nil, false
	}
	return l.splatOf(d.Args[0])
}

// constOperand splits a binary operation into its non-constant operand
// and its constant one.
func (l *vloop) constOperand(d *ssa.Instr) (ssa.Value, uint64, bool) {
	for i := range 2 {
		if k, ok := l.constant(d.Args[i]); ok {
			return d.Args[1-i], k, true
		}
	}
	return ssa.NoValue, 0, false
}

// byteValue recognizes x as a value below 256 (x & 255, a byte loaded
// zero-extended, either widened) and returns it as an i32.
func (l *vloop) byteValue(x ssa.Value) (ssa.Value, bool) {
	d := l.f.Def(x)
	if d == nil {
		return ssa.NoValue, false
	}
	switch d.Op {
	case ssa.OpUextend:
		if l.f.TypeOf(d.Args[0]) == ssa.TypeI32 {
			return l.byteValue(d.Args[0])
		}
	case ssa.OpBand:
		if _, k, ok := l.constOperand(d); ok && k == 0xFF && d.Type == ssa.TypeI32 {
			return x, true
		}
	case ssa.OpLoad:
		if ssa.MemAccess(d.Aux) == ssa.Mem8U && d.Type == ssa.TypeI32 {
			return x, true
		}
	}
	return ssa.NoValue, false
}

// matchFill reports whether the loop, its accesses collected, is a fill
// loop bulkCopy can run as memory.fill.
func (l *vloop) matchFill() (*bulkCopy, bool) {
	if bits.OnesCount32(l.stride) != 1 {
		return nil, false
	}
	for k, p := range l.body.Params {
		if _, isIV := l.steps[k]; !isIV && l.backArg(k) != p {
			return nil, false
		}
	}
	var bc *bulkCopy
	var positions []uint64
	for _, in := range l.body.Instrs {
		if in.Op != ssa.OpStore {
			continue
		}
		st := l.access[in]
		if st.g == nil || !l.invariant(in.Args[1]) {
			return nil, false
		}
		s, ok := l.splatOf(in.Args[1])
		if l.elem == 1 && !ok {
			s, ok = &byteSplat{v: in.Args[1]}, true // a byte store keeps the low byte
		}
		if !ok {
			return nil, false
		}
		pos := st.g.pos + uint64(st.member)*l.elem
		if bc == nil {
			bc = &bulkCopy{dst: st.g.class, dstLo: pos, fill: s}
		}
		if st.g.class != bc.dst || !s.same(bc.fill) {
			return nil, false
		}
		bc.dstLo = min(bc.dstLo, pos)
		positions = append(positions, pos)
	}
	if bc == nil || uint64(len(positions))*l.elem != uint64(l.stride) {
		return nil, false
	}
	for _, p := range positions {
		if p-bc.dstLo >= uint64(l.stride) {
			return nil, false
		}
	}
	return bc, true
}
