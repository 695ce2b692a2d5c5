package regalloc

// A value that an edge copies into a block parameter waiting in a spill
// slot at the block's start (a loop's back edge passing the next round's
// value to a spilled parameter, say) costs the edge a store when it is in
// a register there, and nothing when it is in that same slot: spill gives
// it the parameter's slot when their lifetimes allow. Such a read is a
// "free copy": evicting the value before it moves the store rather than
// adding one, and the value needs no register back for it.

// freeCopy says whether piece's read at pos is a free copy: the branch
// there reads the value only for copies into parameters whose pieces at
// their blocks' starts are in the slot the value has, or would take.
func (a *allocator) freeCopy(piece *interval, pos int32) bool {
	if a.lv.copyOuts.empty() {
		return false
	}
	v := piece.root
	found := false
	for _, c := range a.lv.copyOuts.of(v) {
		if c.pos != pos {
			continue
		}
		if !c.only {
			return false
		}
		d := a.lv.ivs[c.dst]
		p := a.pieceAt(c.dst, d.start())
		if p == nil || !p.hasLoc || !p.loc.Spilled || int(p.loc.Slot) != a.slotFor(v, piece.class) {
			return false
		}
		found = true
	}
	return found
}

// slotFor returns the slot v has, or the partner's slot spill would give
// it now (-1 if none).
func (a *allocator) slotFor(v VReg, class Class) int {
	if s := a.slotOf[v]; s >= 0 {
		return s
	}
	return a.slots[class].preferred(a.rootSpan[v], v, a.partnerSlots(v, class))
}

// neededUse returns piece's first use at or after lo that is not a free
// copy (maxPos if none), and how many such uses it has from lo on.
func (a *allocator) neededUse(piece *interval, lo int32) (int32, int) {
	first, n := piece.nextUse(lo), piece.usesFrom(lo)
	if len(a.lv.copyOuts.of(piece.root)) == 0 {
		return first, n
	}
	for first != maxPos && a.freeCopy(piece, first) {
		first = piece.nextUse(first + 1)
	}
	last := int32(-1)
	for _, c := range a.lv.copyOuts.of(piece.root) {
		if c.pos >= lo && c.pos != last && piece.nextUse(c.pos) == c.pos && a.freeCopy(piece, c.pos) {
			n--
		}
		last = c.pos
	}
	return first, n
}

// freeCopyWeight returns the weight of the free copies among piece's uses
// in [lo, hi).
func (a *allocator) freeCopyWeight(piece *interval, lo, hi int32) float64 {
	if a.lv.copyOuts.empty() {
		return 0
	}
	w, last := 0.0, int32(-1)
	for _, c := range a.lv.copyOuts.of(piece.root) {
		if c.pos >= lo && c.pos < hi && c.pos != last && piece.nextUse(c.pos) == c.pos && a.freeCopy(piece, c.pos) {
			w += a.lv.weight[a.blockOf(c.pos)]
		}
		last = c.pos
	}
	return w
}
