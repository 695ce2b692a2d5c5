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
	for _, r := range a.info.Allocatable[class] {
		var spans []span
		calls := a.lv.calls
		if a.info.CalleeSaved[r] {
			calls = nil
		}
		k := 0 // the next call
		for _, c := range a.lv.clobbers {
			if !slices.Contains(c.regs, r) {
				continue
			}
			for ; k < len(calls) && calls[k] < c.pos; k++ {
				spans = append(spans, span{calls[k], calls[k] + 1})
			}
			spans = append(spans, span{c.pos, c.pos + 2})
		}
		for ; k < len(calls); k++ {
			spans = append(spans, span{calls[k], calls[k] + 1})
		}
		if len(spans) > 0 {
			a.clobbered[r] = &interval{ranges: spans}
		}
	}
}
