package regalloc

// slotsThroughLoop reports whether it, a piece evicted at pos inside the
// loop that spans [ls, le), should leave its register for the whole loop
// though it does not cover the loop's start: its value is live into the
// loop and around its back edge, its piece at the loop's start is in a
// register (the loop's start up to a call in the loop, say, while it is a
// piece after the call), it has no use left in the loop after pos, and
// the value has few uses in the loop before pos. Evicted from pos on
// only, the value would be in its slot at the back edge and in a register
// at the loop's start: a load on the back edge, on every iteration,
// whichever path it takes. In its slot for the whole loop, its few uses
// there read the slot instead.
func (a *allocator) slotsThroughLoop(it *interval, ls, le, pos int32) bool {
	if it.covers(ls) || !it.covers(le-1) || it.nextUse(pos) < le {
		return false
	}
	head := a.pieceAt(it.root, ls+1)
	if head == nil || head == it || !head.hasLoc || head.loc.Spilled || !head.covers(ls) && head.start() != ls+1 {
		return false
	}
	uses := 0
	for _, p := range a.pieces[it.root] {
		if p.key > it.key {
			break
		}
		if p.end() > ls {
			uses += p.usesFrom(ls) - p.usesFrom(pos)
		}
	}
	return uses <= fewUses
}

// evictThroughLoop puts the value of it, a piece for which
// slotsThroughLoop holds, in its slot from the loop's start (ls) to its
// next use after the loop's end (le): the pieces before it from ls on,
// and it.
func (a *allocator) evictThroughLoop(it *interval, ls, le int32) {
	var before []*interval
	for _, p := range a.pieces[it.root] {
		if p.key >= it.key {
			break
		}
		if p.end() > ls {
			before = append(before, p)
		}
	}
	for _, p := range before {
		if p.start() < ls {
			p = a.split(p, ls)
			a.addPiece(p)
		}
		a.spill(p)
	}
	a.spillUntilUse(it, le)
}
