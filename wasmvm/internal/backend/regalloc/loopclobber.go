package regalloc

import "slices"

// loopFree returns how long register r serves cur when an instruction
// or a call overwrites r at limit: up to limit, unless the instruction
// lists r in its Clobbers and sits in a loop that cur is live into (as a
// value defined before the loop or as a parameter of its header). Then r
// serves cur only up to the loop's start. A split inside the loop would
// leave the value in r before the clobber's block and in another
// register from there on, so every edge from the one part of the loop to
// the other (each of a br_table's, and the back edge) would move it, on
// every iteration; another register free through the loop, a split
// before the loop, or the slot for the loop (which blocked weighs by use
// density) cost less there. Calls are not weighed so: aroundCall keeps a
// value in its register on a loop's paths without the call.
func (a *allocator) loopFree(cur *interval, r Reg, limit int32) int32 {
	if limit >= cur.end() || !a.clobbersAt(r, limit) {
		return limit
	}
	h := a.lv.loops.inner[a.blockOf(limit)]
	if h < 0 {
		return limit
	}
	hs := a.blockStartPosition[h]
	if !cur.covers(hs) && cur.start() != hs+1 {
		return limit // cur starts inside the loop: a split there is its own
	}
	return max(cur.start(), a.blockStartPosition[a.lv.loops.first[h]])
}

// clobbersAt reports whether the instruction that reads its operands at
// pos lists r in its Clobbers.
func (a *allocator) clobbersAt(r Reg, pos int32) bool {
	cs := a.lv.clobbers
	k, found := slices.BinarySearchFunc(cs, pos, func(c clobberAt, p int32) int { return int(c.pos - p) })
	return found && slices.Contains(cs[k].regs, r)
}
