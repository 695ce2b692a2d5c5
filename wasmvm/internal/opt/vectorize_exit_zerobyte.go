package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// The word loops of musl's string functions (strlen, memchr, strchr,
// strchrnul, memrchr's relatives) stop at the first word with a zero
// byte, found by the classic test HASZERO(w) = (w - 0x01010101) & ~w &
// 0x80808080, which is non-zero exactly when some byte of w is zero
// (memchr and strchr test w ^ c*0x01010101, a byte equal to c). Computed
// lane-wise on four words it costs an add, two ands, a not and a
// comparison; comparing the 16 bytes with zero and asking which words
// hold a match costs two comparisons, and the answer is the same.

// Constants of HASZERO on 32-bit words.
const (
	zeroByteOnes  = 0x01010101
	zeroByteHighs = 0x80808080
)

// zeroByteWord returns w if d computes HASZERO(w) on i32 values: an and
// of the three factors w - 0x01010101 (or w + 0xfefefeff), w ^ -1 and
// 0x80808080, in any order and nesting.
func (l *scanLoop) zeroByteWord(d *ssa.Instr) (ssa.Value, bool) {
	var factors []ssa.Value
	var flatten func(v ssa.Value) bool
	flatten = func(v ssa.Value) bool {
		if x := l.f.Def(v); x != nil && x.Op == ssa.OpBand {
			return flatten(x.Args[0]) && flatten(x.Args[1])
		}
		factors = append(factors, v)
		return len(factors) <= 3
	}
	if d.Op != ssa.OpBand || !flatten(d.Args[0]) || !flatten(d.Args[1]) || len(factors) != 3 {
		return ssa.NoValue, false
	}
	highs, dec, not := false, ssa.NoValue, ssa.NoValue
	for _, v := range factors {
		if k, ok := iconstOf(l.f, v); ok {
			highs = highs || uint32(k) == zeroByteHighs
			continue
		}
		x := l.f.Def(v)
		if x == nil || len(x.Args) != 2 {
			return ssa.NoValue, false
		}
		k, ok := iconstOf(l.f, x.Args[1])
		switch {
		case !ok:
			return ssa.NoValue, false
		case x.Op == ssa.OpIadd && uint32(k) == -zeroByteOnes&0xffffffff,
			x.Op == ssa.OpIsub && uint32(k) == zeroByteOnes:
			dec = x.Args[0]
		case x.Op == ssa.OpBxor && uint32(k) == 0xffffffff:
			not = x.Args[0]
		}
	}
	if !highs || dec == ssa.NoValue || dec != not {
		return ssa.NoValue, false
	}
	return dec, true
}

// zeroByteExit is the mask of the lanes for which cond, a data exit's
// condition, holds, where cond is HASZERO(w) as a truth value: the test
// itself or its comparison with zero for (in)equality. Only as a truth
// value: the test's number is not the mask's.
func (e *scanEmitter) zeroByteExit(cond ssa.Value, memo map[ssa.Value]laneValue) (ssa.Value, bool, bool) {
	d := e.l.f.Def(cond)
	if d == nil {
		return ssa.NoValue, false, false
	}
	negate := false
	if d.Op == ssa.OpIcmp && (d.Cond == ssa.CondEq || d.Cond == ssa.CondNe) {
		x, y := d.Args[0], d.Args[1]
		if k, ok := iconstOf(e.l.f, x); ok && k == 0 {
			x, y = y, x
		}
		if k, ok := iconstOf(e.l.f, y); !ok || k != 0 {
			return ssa.NoValue, false, false
		}
		negate = d.Cond == ssa.CondEq
		if d = e.l.f.Def(x); d == nil {
			return ssa.NoValue, false, false
		}
	}
	w, ok := e.l.zeroByteWord(d)
	if !ok {
		return ssa.NoValue, false, false
	}
	none, ok := e.wordsWithoutZeroByte(w, memo)
	if !ok {
		return ssa.NoValue, false, false
	}
	if negate {
		return none, true, true
	}
	return e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, none), true, true
}

// wordsWithoutZeroByte is the mask of the lanes whose word w has no
// zero byte: the bytes compared with zero, then the words where none
// matched. Its negation, the words HASZERO(w) finds, costs nothing more
// where it only feeds a bitmask (see bitmask).
func (e *scanEmitter) wordsWithoutZeroByte(w ssa.Value, memo map[ssa.Value]laneValue) (ssa.Value, bool) {
	x, ok := e.plain(w, memo)
	if !ok {
		return ssa.NoValue, false
	}
	bytes := e.vcmp(ssa.ShapeI8x16, ssa.CondEq, x, e.vconst(ssa.ShapeI32x4, 0)) // zero in any shape
	return e.vcmp(ssa.ShapeI32x4, ssa.CondEq, bytes, e.vconst(ssa.ShapeI32x4, 0)), true
}
