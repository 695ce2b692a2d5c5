package regalloc

import "slices"

// clobberAt is an instruction that clobbers registers (Instr.Clobbers):
// its read position and the registers.
type clobberAt struct {
	pos  int32
	regs []Reg
}

// clobberIntervals sets a.clobbered[r], for each register of class, to
// the positions where something overwrites r under the values the
// allocator puts there: the write position of every call, when calls do
// not preserve r, and both positions of every instruction that lists r
// in its Clobbers. So an operand of such an instruction (live at its read
// position) and a value live across it do not get r; a result, which
// starts at the write position, may (reserved).
func (a *allocator) clobberIntervals(class Class) {
	var calls *interval // shared by the registers only calls clobber
	for _, r := range a.info.Allocatable[class] {
		saved := a.calleeSaved[r]
		if !a.clobberedByInstr(r) {
			if !saved && len(a.lv.calls) > 0 {
				if calls == nil {
					calls = &interval{ranges: a.callSpans(nil, 0, maxPos)}
					a.callsOnly = calls
				}
				a.clobbered[r] = calls
			}
			continue
		}
		var spans []span
		from := int32(0) // the calls before from are in spans
		for _, c := range a.lv.clobbers {
			if !slices.Contains(c.regs, r) {
				continue
			}
			if !saved {
				spans = a.callSpans(spans, from, c.pos)
			}
			spans = append(spans, span{c.pos, c.pos + 2})
			from = c.pos
		}
		if !saved {
			spans = a.callSpans(spans, from, maxPos)
		}
		a.clobbered[r] = &interval{ranges: spans}
	}
}

// clobberedByInstr reports whether an instruction's Clobbers list r.
func (a *allocator) clobberedByInstr(r Reg) bool {
	for _, c := range a.lv.clobbers {
		if slices.Contains(c.regs, r) {
			return true
		}
	}
	return false
}

// callSpans appends the write positions of the calls in [from, to) to
// spans, one span each.
func (a *allocator) callSpans(spans []span, from, to int32) []span {
	calls := a.lv.calls
	k, _ := slices.BinarySearch(calls, from)
	for ; k < len(calls) && calls[k] < to; k++ {
		spans = append(spans, span{calls[k], calls[k] + 1})
	}
	return spans
}
