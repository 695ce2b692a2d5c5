package opt

import (
	"math"
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// span is the interval [lo, hi] an i32 value of a loop body lies in, its
// bits read as a signed integer. A byte or halfword loop computes its
// i32 values in narrow lanes, which hold only their low bits; a
// comparison needs the whole value, which the lanes determine when its
// span is narrow enough (see laneCond).
type span struct{ lo, hi int64 }

// fullSpan is what is known of a value nothing is known of.
var fullSpan = span{math.MinInt32, math.MaxInt32}

// spanOf returns the span of v, an i32 value, from the loads and
// constants it is computed from in the loop body. Values from outside
// the body other than constants, and the body's parameters, may be
// anything.
func (e *vecEmitter) spanOf(v ssa.Value) span {
	if s, ok := e.spans[v]; ok {
		return s
	}
	e.spans[v] = fullSpan // a cycle through the back edge knows nothing
	s := e.computeSpan(v)
	e.spans[v] = s
	return s
}

func (e *vecEmitter) computeSpan(v ssa.Value) span {
	f := e.l.f
	d := f.Def(v)
	if d == nil || f.TypeOf(v) != ssa.TypeI32 {
		return fullSpan
	}
	if d.Op == ssa.OpIconst {
		return span{int64(int32(uint32(d.Imm))), int64(int32(uint32(d.Imm)))}
	}
	if d.Block != e.l.body.ID {
		return fullSpan
	}
	switch d.Op {
	case ssa.OpLoad:
		return loadSpan(ssa.MemAccess(d.Aux))
	case ssa.OpIcmp:
		return span{0, 1}
	case ssa.OpSelect:
		x, y := e.spanOf(d.Args[1]), e.spanOf(d.Args[2])
		return span{min(x.lo, y.lo), max(x.hi, y.hi)}
	case ssa.OpIadd:
		x, y := e.spanOf(d.Args[0]), e.spanOf(d.Args[1])
		return checked(x.lo+y.lo, x.hi+y.hi)
	case ssa.OpIsub:
		x, y := e.spanOf(d.Args[0]), e.spanOf(d.Args[1])
		return checked(x.lo-y.hi, x.hi-y.lo)
	case ssa.OpBand:
		x, y := e.spanOf(d.Args[0]), e.spanOf(d.Args[1])
		switch {
		case x.lo >= 0 && y.lo >= 0:
			return span{0, min(x.hi, y.hi)}
		case x.lo >= 0:
			return span{0, x.hi}
		case y.lo >= 0:
			return span{0, y.hi}
		}
	case ssa.OpBor, ssa.OpBxor:
		x, y := e.spanOf(d.Args[0]), e.spanOf(d.Args[1])
		if x.lo >= 0 && y.lo >= 0 {
			return span{0, 1<<bits.Len64(uint64(max(x.hi, y.hi))) - 1}
		}
	case ssa.OpUshr:
		x := e.spanOf(d.Args[0])
		if k, ok := e.l.constant(d.Args[1]); ok && x.lo >= 0 {
			return span{x.lo >> (k & 31), x.hi >> (k & 31)}
		}
	}
	return fullSpan
}

// loadSpan is the span of an i32 loaded by ma.
func loadSpan(ma ssa.MemAccess) span {
	switch ma {
	case ssa.Mem8U:
		return span{0, math.MaxUint8}
	case ssa.Mem8S:
		return span{math.MinInt8, math.MaxInt8}
	case ssa.Mem16U:
		return span{0, math.MaxUint16}
	case ssa.Mem16S:
		return span{math.MinInt16, math.MaxInt16}
	}
	return fullSpan
}

// checked is [lo, hi] if the i32 arithmetic that gave it cannot have
// wrapped, else the full span.
func checked(lo, hi int64) span {
	if lo < math.MinInt32 || hi > math.MaxInt32 {
		return fullSpan
	}
	return span{lo, hi}
}

// unsignedIn reports whether every value of s is a zero-extended w-bit
// lane.
func (s span) unsignedIn(w uint) bool { return s.lo >= 0 && s.hi < 1<<w }

// signedIn reports whether every value of s is a sign-extended w-bit
// lane.
func (s span) signedIn(w uint) bool { return s.lo >= -(1<<(w-1)) && s.hi < 1<<(w-1) }
