package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// selectCmp emits a select that compares itself (mach.OpSelectCmp): the
// comparison sets the flags, the result register starts as one of the
// values, and a cmovcc (a jump over a movaps, for floats) per condition
// code replaces it with the other; nothing in between touches the flags.
// A float comparison is unordered-aware: ucomis sets ZF, PF and CF on
// NaN, so "equal" is ZF without PF and "not equal" ZF clear or PF set.
//
//	cmp   a, b          ; or ucomis
//	mov   d, first       ; the value if false
//	cmovcc d, second
func (fe *funcEmitter) selectCmp(m *mach.Instr) {
	e := fe.e
	first, second := m.D, m.C // d = first; d = second where a cc holds
	var ccs []byte
	if m.Float {
		switch m.Cond {
		case ssa.CondEq: // equal and ordered: the false value if either fails
			first, second = m.C, m.D
			ccs = []byte{ccNE, ccP}
		case ssa.CondNe:
			ccs = []byte{ccNE, ccP}
		case ssa.CondFLt, ssa.CondFGt:
			ccs = []byte{ccA}
		default: // le, ge
			ccs = []byte{ccAE}
		}
	} else {
		ccs = []byte{condCode(m.Cond)}
	}
	floatResult := mach.IsFloat(m.To)
	// The comparison comes first: it may read an operand through
	// scratchA, d's register when the result is spilled. The moves and
	// loads after it leave the flags alone.
	if m.Float {
		a, b := fe.use(m.A, scratchB), fe.use(m.B, scratchX)
		if m.Cond == ssa.CondFLt || m.Cond == ssa.CondFLe {
			a, b = b, a // a < b is b > a, which is false on NaN as "above" is
		}
		e.ucomis(m.Size, a, b)
	} else {
		fe.compare(m)
	}
	d := fe.def(m.Dst)
	fe.moveTo(d, first)
	src := fe.use(second, scratchB)
	for _, cc := range ccs {
		if floatResult {
			skip := e.jcc32(cc ^ 1)
			e.movaps(d, src)
			e.patch32(skip, len(e.b))
			continue
		}
		e.cmov(mach.SizeOf(m.To), cc, d, src)
	}
	fe.finish(m.Dst, d)
}
