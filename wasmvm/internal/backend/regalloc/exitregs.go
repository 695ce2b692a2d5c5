package regalloc

// exitRegisters records, for each block that a loop's latch may leave
// to, the registers that hold values live into it (Result.ExitRegisters).
// (latchExit says which blocks are latches.)
func (a *allocator) exitRegisters(res *Result) {
	lv := a.lv
	if lv.liveIn == nil {
		return
	}
	for _, le := range a.latchExits {
		t := le.exit
		if _, done := res.ExitRegisters[t]; done {
			continue
		}
		if res.ExitRegisters == nil {
			res.ExitRegisters = map[int]uint64{}
		}
		res.ExitRegisters[t] = a.registersLiveInto(t)
	}
}

// registersLiveInto returns the registers that hold values live into
// block b or its parameters, as a mask of 1<<Reg; all of them when a
// register number does not fit.
func (a *allocator) registersLiveInto(b int) uint64 {
	lv := a.lv
	start := 2 * lv.entry[b]
	var mask uint64
	holds := func(iv *interval) {
		switch {
		case iv == nil || !iv.hasLoc || iv.loc.Reg >= 64:
			mask = ^uint64(0)
		case !iv.loc.Spilled:
			mask |= 1 << iv.loc.Reg
		}
	}
	lv.liveIn[b].each(func(g VReg) { holds(a.pieceAt(lv.globals[g], start)) })
	for _, v := range a.f.Blocks[b].Params {
		if iv := a.pieceAt(v, start+1); iv != nil { // nil: never used
			holds(iv)
		}
	}
	return mask
}
