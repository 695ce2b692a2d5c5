package regalloc

import (
	"cmp"
	"slices"
)

// latchExit is a loop's latch and the block it may leave the loop to: a
// latch here is a block with two successors, one of them the header of
// the innermost loop containing it (the other is the exit). The back
// edge's moves may then run before the latch's branch, on both paths,
// when they overwrite nothing the exit reads (exitRegisters,
// mach.Allocation.HoistsLatchMoves).
type latchExit struct{ header, latch, exit int }

// latchExits lists f's latches with their exits, by header.
func latchExits(f *Function, lp *loops) []latchExit {
	var out []latchExit
	for p := range f.Blocks {
		succs := f.Blocks[p].Succs
		if len(succs) != 2 || succs[0] == succs[1] {
			continue
		}
		for j, h := range succs {
			if lp.inner[p] == h {
				out = append(out, latchExit{header: h, latch: p, exit: succs[1-j]})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y latchExit) int { return cmp.Compare(x.header, y.header) })
	return out
}

// loopLatches are the entries of allocator.latchExits of one header:
// latchExits[first:first+n], whose exits start at exitFrom or later.
type loopLatches struct {
	header   int
	first, n int
	exitFrom int32
}

// groupLatches groups a.latchExits by header (a.loopLatches).
func (a *allocator) groupLatches() {
	a.loopLatches = a.loopLatches[:0]
	for k, le := range a.latchExits {
		at := a.blockStartPosition[le.exit]
		if n := len(a.loopLatches); n > 0 && a.loopLatches[n-1].header == le.header {
			g := &a.loopLatches[n-1]
			g.n++
			g.exitFrom = min(g.exitFrom, at)
			continue
		}
		a.loopLatches = append(a.loopLatches, loopLatches{header: le.header, first: k, n: 1, exitFrom: at})
	}
}

// awayFromLatchParams returns the register cur should take instead of
// best, which is free for all of cur (tryFree's choice when no hint
// serves), when cur is defined in a loop and lives into the loop's exit
// from a latch: a register other than those of the header's parameters,
// if one is free for all of cur too. A value live across the latch's
// branch into the exit, in a parameter's register, forces the value the
// back edge passes to that parameter into another register, and so a
// move on every iteration, which the exit's read of the register keeps
// after the branch (an unconditional jump more); elsewhere it leaves the
// parameter's register to the back edge's value, and the move, if one
// remains, before the branch. (crc32's slice-by-4 loop: the count of
// bytes left, read after the loop, took the register of the crc.)
func (a *allocator) awayFromLatchParams(cur *interval, best Reg) Reg {
	start, end := cur.start(), cur.end()
	loop := a.lv.loops.inner[a.blockOf(start)]
	if loop < 0 {
		return best
	}
	k, found := slices.BinarySearchFunc(a.loopLatches, loop, func(g loopLatches, h int) int { return cmp.Compare(g.header, h) })
	if !found || end <= a.loopLatches[k].exitFrom {
		return best // the loop has no latch, or cur dies before its exits
	}
	g := &a.loopLatches[k]
	for _, le := range a.latchExits[g.first : g.first+g.n] {
		if !cur.covers(a.blockStartPosition[le.exit]) {
			continue
		}
		params := a.paramRegisters(le.header)
		if !params.has(best) {
			continue
		}
		for _, r := range a.info.Allocatable[cur.class] {
			if a.freeUntil[r] >= end && !params.has(r) {
				return r
			}
		}
		return best
	}
	return best
}

// paramRegisters returns the registers that block b's parameters have on
// entry to b.
func (a *allocator) paramRegisters(b int) regSet {
	var s regSet
	at := a.blockStartPosition[b] + 1
	for _, p := range a.f.Blocks[b].Params {
		if r := a.regAt(p, at); r >= 0 {
			s.add(Reg(r))
		}
	}
	return s
}
