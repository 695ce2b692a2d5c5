package regalloc

import (
	"fmt"
	"slices"
	"sort"
)

// allocator is the state of one allocation.
type allocator struct {
	f    *Function
	info *RegisterInfo
	lv   *liveness
	ar   *arenas // where the allocator and its tables live
	// pieces lists, per virtual register split, its interval and the
	// pieces split off it, by ascending key (nil for one not split).
	pieces   [][]*interval
	rootSpan []span // each virtual register's first and last position
	slotOf   []int  // each virtual register's spill slot, or -1
	slots    [numClasses]slots
	// calleeSaved is info.CalleeSaved as a table; usedCallee says which
	// of those registers the allocation gave out.
	calleeSaved, usedCallee [256]bool

	// The scan of one class.
	unhandled        queue
	active, inactive []*interval
	toActive         []*interval // advance's scratch
	// quiet is a position up to which (exclusive) no active or inactive
	// interval ends, leaves a range or enters one: advance does nothing
	// before it. Evictions, which split listed intervals, reset it.
	quiet     int32
	fixed     [256]*interval // per register: its fixed intervals
	clobbered [256]*interval // per register: the calls and instructions that clobber it
	// fixedClear and clobberedClear are, per register, where fixed and
	// clobbered are next live (reserved).
	fixedClear, clobberedClear [256]clearance
	callsOnly                  *interval // the one of clobbered that the registers only calls clobber share
	inClass                    [256]bool
	freeUntil, usePos          [256]int32
	// reservedAt is reserved's answer per register for the interval
	// tryFree looked at last: when tryFree finds no register, it leaves
	// the interval and everything else as they were, and blocked, which
	// comes next for the same interval, takes these instead of asking
	// again.
	// tryFree does not ask for the registers active intervals hold
	// (notAsked).
	reservedAt [256]int32
	blockPos   [256]int32
	cost       [256]float64
	splitCost  []float64 // per block: the weight of a split at its start
	// partnerSlots' scratch.
	partnerBuf         []partner
	slotBuf            []int
	blockStartPosition []int32
	latchExits         []latchExit
	loopLatches        []loopLatches
}

// newAllocator sets up the allocation of f in ar's allocator (about 10 KB
// of per-register tables, reused from function to function).
func newAllocator(f *Function, info *RegisterInfo, lv *liveness, ar *arenas) *allocator {
	n := len(f.Classes)
	ar.pieces, ar.rootSpan, ar.slotOf = cleared(ar.pieces, n), cleared(ar.rootSpan, n), cleared(ar.slotOf, n)
	a := &ar.allocator
	// The arrays of the queue and of the active and inactive lists serve
	// the next function.
	unhandled, active, inactive, toActive := a.unhandled, a.active, a.inactive, a.toActive
	clear(active[:cap(active)])
	clear(inactive[:cap(inactive)])
	var slots [numClasses]slots
	for c := range slots {
		slots[c] = a.slots[c].emptied()
	}
	*a = allocator{f: f, info: info, lv: lv, ar: ar, pieces: ar.pieces, rootSpan: ar.rootSpan,
		slotOf: ar.slotOf, unhandled: unhandled, slots: slots,
		active: active[:0], inactive: inactive[:0], toActive: toActive[:0]}
	for r, saved := range info.CalleeSaved {
		a.calleeSaved[r] = saved
	}
	for v, iv := range lv.ivs {
		a.slotOf[v] = -1
		if iv != nil {
			iv.key = iv.start()
			a.rootSpan[v] = span{iv.start(), iv.end()}
		}
	}
	a.blockStartPosition = make([]int32, len(f.Blocks))
	for b, e := range lv.entry {
		a.blockStartPosition[b] = 2 * e
	}
	a.splitCost = splitCosts(f, lv.weight)
	a.latchExits = latchExits(f, &lv.loops)
	a.groupLatches()
	return a
}

// splitCosts gives, per block, the weight of the moves a split at its
// start needs: they go on the edges from its predecessors laid out before
// it (the later ones, a loop's back edges, are in the same piece), each
// weighing what the lighter of its two ends weighs (blockWeights).
func splitCosts(f *Function, weight []float64) []float64 {
	cost := make([]float64, len(f.Blocks))
	seen := make([]bool, len(f.Blocks))
	for p := range f.Blocks {
		for _, s := range f.Blocks[p].Succs {
			if p >= s {
				continue
			}
			c := min(weight[p], weight[s])
			if !seen[s] || c > cost[s] {
				cost[s], seen[s] = c, true
			}
		}
	}
	for b := range cost {
		if !seen[b] {
			cost[b] = weight[b]
		}
	}
	return cost
}

// blockOf returns the block whose positions include pos.
func (a *allocator) blockOf(pos int32) int {
	return a.lv.blockAt(pos)
}

// optimalSplit returns the best even position in [lo, hi] to split at:
// the latest block start whose split cost is the lowest, or hi when no
// block start there is cheaper than hi's block; -1 when [lo, hi] holds no
// even position.
func (a *allocator) optimalSplit(lo, hi int32) int32 {
	hi &^= 1
	lo = (lo + 1) &^ 1
	if lo > hi {
		return -1
	}
	bl, bh := a.blockOf(lo), a.blockOf(hi)
	best, cost := hi, a.lv.weight[bh]
	if hi == a.blockStartPosition[bh] {
		cost = a.splitCost[bh]
	}
	for b := bh; b > bl; b-- {
		if a.splitCost[b] < cost {
			best, cost = a.blockStartPosition[b], a.splitCost[b]
		}
	}
	return best
}

// split cuts iv at pos (interval.splitAt) into a piece taken from the
// arenas.
func (a *allocator) split(iv *interval, pos int32) *interval {
	return iv.splitAt(pos, a.ar.newPiece(), &a.ar.splitRanges)
}

// addPiece records child, just split off an interval of its root.
func (a *allocator) addPiece(child *interval) {
	ps := a.pieces[child.root]
	if ps == nil {
		ps = a.ar.pieceLists.take(minPieces)[:1]
		ps[0] = a.lv.ivs[child.root]
	} else if len(ps) == cap(ps) {
		ps = append(a.ar.pieceLists.take(2 * len(ps))[:0], ps...)
	}
	k := sort.Search(len(ps), func(k int) bool { return ps[k].key > child.key })
	a.pieces[child.root] = slices.Insert(ps, k, child) // in place: ps has room
}

// minPieces is the room a register's list of pieces starts with.
const minPieces = 4

// pieceAt returns the piece of v that covers pos (the last one starting at
// or before it).
func (a *allocator) pieceAt(v VReg, pos int32) *interval {
	ps := a.pieces[v]
	if ps == nil {
		if iv := a.lv.ivs[v]; iv != nil && iv.key <= pos {
			return iv
		}
		return nil
	}
	lo, hi := 0, len(ps) // the first piece that starts after pos is in [lo, hi]
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ps[mid].key > pos {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == 0 {
		return nil
	}
	return ps[lo-1]
}

func (a *allocator) assign(iv *interval, r Reg) {
	iv.loc, iv.hasLoc = Location{Reg: r}, true
	if a.calleeSaved[r] {
		a.usedCallee[r] = true
	}
}

// scan runs linear scan over the intervals of class.
func (a *allocator) scan(class Class) error {
	a.unhandled.reset()
	a.active, a.inactive = a.active[:0], a.inactive[:0]
	a.quiet = 0
	a.fixed = [256]*interval{}
	a.clobbered = [256]*interval{}
	for r := range a.fixedClear {
		a.fixedClear[r], a.clobberedClear[r] = unknown, unknown
	}
	a.callsOnly = nil
	a.inClass = [256]bool{}
	for _, r := range a.info.Allocatable[class] {
		a.inClass[r] = true
	}
	if err := a.fixedIntervals(class); err != nil {
		return err
	}
	// Room for every interval at once: grown by append, a large
	// function's array would be copied a dozen times.
	a.unhandled.sorted = slices.Grow(a.unhandled.sorted, len(a.lv.ivs))
	for _, iv := range a.lv.ivs {
		if iv != nil && iv.class == class && !iv.fixed {
			a.unhandled.add(iv)
		}
	}
	a.unhandled.init()
	for !a.unhandled.empty() {
		cur := a.unhandled.pop()
		a.advance(cur.start())
		if cur.hintOp >= 0 && a.info.SlotDestinations && a.inSlotStep(cur) {
			a.spill(cur)
		} else if !a.tryFree(cur) {
			a.blocked(cur)
		}
		if !cur.loc.Spilled {
			a.activate(cur)
		}
	}
	return nil
}

// fixedIntervals gathers, per register of class, the fixed intervals
// pinned to it into one interval, and the calls and instructions that
// clobber it into another.
func (a *allocator) fixedIntervals(class Class) error {
	owner := map[Reg][]*interval{}
	for _, iv := range a.lv.ivs {
		if iv != nil && iv.fixed && iv.class == class {
			owner[iv.loc.Reg] = append(owner[iv.loc.Reg], iv)
		}
	}
	for r, ivs := range owner {
		var spans []span
		for _, iv := range ivs {
			spans = append(spans, iv.ranges...)
		}
		slices.SortFunc(spans, func(x, y span) int { return int(x.from - y.from) })
		for k := 1; k < len(spans); k++ {
			if spans[k].from < spans[k-1].to {
				return fmt.Errorf("register %d is fixed for two virtual registers at position %d", r, spans[k].from)
			}
		}
		a.fixed[r] = &interval{ranges: spans}
	}
	a.clobberIntervals(class)
	return nil
}

// reserved returns the first position at or after cur's start where
// register r is not available to cur: a fixed interval takes it, or a
// call or another instruction clobbers it while cur lives across it or
// is its operand (a value the instruction defines is written after the
// clobber), or the loop such an instruction is in starts, when cur is
// live into that loop (loopFree). seen remembers where cur first meets
// the clobber interval that the registers only calls clobber share
// (a.callsOnly), so that a scan over a class's registers intersects cur
// with it once.
func (a *allocator) reserved(r Reg, cur *interval, seen *clobberSeen) int32 {
	start, end := cur.start(), cur.end()
	x := int32(maxPos)
	if fx := a.fixed[r]; fx != nil && !a.fixedClear[r].clear(fx, start, end) {
		x = fx.intersection(cur, start)
	}
	// A clobber interval live nowhere in cur's lifetime meets it nowhere
	// (and loopFree leaves maxPos as it is).
	if cl := a.clobbered[r]; cl != nil && !a.clobberedClear[r].clear(cl, start, end) {
		c := seen.at
		if cl != a.callsOnly || !seen.valid {
			c = cl.intersection(cur, start)
			if c == start && start&1 == 1 {
				c = cl.intersection(cur, start+1)
			}
			if cl == a.callsOnly {
				seen.at, seen.valid = c, true
			}
		}
		x = min(x, a.loopFree(cur, r, c))
	}
	return x
}

// clobberSeen is reserved's memory of the first intersection of
// a.callsOnly with the interval being allocated; its zero value knows
// none. It must not outlive a change of that interval.
type clobberSeen struct {
	at    int32
	valid bool
}

// advance moves the intervals that end before pos out of the active and
// inactive lists, and between them those that start or stop covering pos.
// Nothing moves before a.quiet, the first position where a listed interval
// ends, leaves a range or enters one: advance returns at once there.
func (a *allocator) advance(pos int32) {
	if pos < a.quiet {
		return
	}
	quiet := int32(maxPos)
	toActive := a.toActive[:0]
	inactive := a.inactive[:0]
	for _, it := range a.inactive {
		k := it.rangeAfter(pos)
		switch {
		case k == len(it.ranges): // ended
		case it.ranges[k].from <= pos:
			toActive = append(toActive, it)
			quiet = min(quiet, it.ranges[k].to)
		default:
			inactive = append(inactive, it)
			quiet = min(quiet, it.ranges[k].from)
		}
	}
	a.inactive = inactive
	active := a.active[:0]
	for _, it := range a.active {
		k := it.rangeAfter(pos)
		switch {
		case k == len(it.ranges): // ended
		case it.ranges[k].from > pos:
			a.inactive = append(a.inactive, it)
			quiet = min(quiet, it.ranges[k].from)
		default:
			active = append(active, it)
			quiet = min(quiet, it.ranges[k].to)
		}
	}
	a.active = append(active, toActive...)
	clear(toActive)
	a.toActive = toActive[:0]
	a.quiet = quiet
}

// activate adds cur, which starts at the scan's position, to the active
// intervals.
func (a *allocator) activate(cur *interval) {
	a.active = append(a.active, cur)
	a.quiet = min(a.quiet, cur.ranges[0].to)
}

// hint returns the k-th register (k < numHints) cur may take without a
// move, or -1: best first, the register of the piece it was split from, of
// the operand its definition is tied to (or, for a commutative operation,
// the other operand), or of the value an edge moves it into or out of.
// Of the two operands, the one in the edge's register comes first: taking
// it saves the edge's move too. tryFree asks for them in order and stops
// at the first that serves, so each is looked up only when the ones
// before it do not.
func (a *allocator) hint(cur *interval, k int) int {
	switch k {
	case 0:
		return cur.hintReg
	case 1, 2:
		op, alt := cur.hintOp, cur.hintAlt
		if alt >= 0 && cur.hintCopy >= 0 {
			if c := a.regAt(cur.hintCopy, cur.hintCopyPos); c >= 0 && c == a.regAt(alt, cur.hintPos) {
				op, alt = alt, op
			}
		}
		if k == 2 {
			op = alt
		}
		return a.regAt(op, cur.hintPos)
	default:
		return a.regAt(cur.hintCopy, cur.hintCopyPos)
	}
}

// regAt returns the register of op's piece at pos, or -1 when op is
// none or that piece is spilled or of another class.
func (a *allocator) regAt(op VReg, pos int32) int {
	if op < 0 {
		return -1
	}
	if p := a.pieceAt(op, pos); p != nil && p.hasLoc && !p.loc.Spilled && a.inClass[p.loc.Reg] {
		return int(p.loc.Reg)
	}
	return -1
}

// notAsked marks a register in allocator.reservedAt that tryFree did not
// ask reserved about (positions are never negative).
const notAsked = -1

// numHints is how many registers hint names for an interval.
const numHints = 4

// tryFree gives cur a register that is free for all of it, or for a first
// part of it, which it splits off; it reports whether it found one.
func (a *allocator) tryFree(cur *interval) bool {
	regs := a.info.Allocatable[cur.class]
	start := cur.start()
	// A register an active interval holds is not free whatever reserved
	// says: it is asked only for the others (blocked asks for the rest
	// if it needs them).
	var busy regSet
	for _, it := range a.active {
		busy.add(it.loc.Reg)
	}
	var seen clobberSeen
	best := regs[0]
	for _, r := range regs {
		if busy.has(r) {
			a.reservedAt[r], a.freeUntil[r] = notAsked, 0
		} else {
			a.reservedAt[r] = a.reserved(r, cur, &seen)
			a.freeUntil[r] = a.reservedAt[r]
		}
		if a.freeUntil[r] > a.freeUntil[best] {
			best = r // final unless an inactive interval lowers it
		}
	}
	if len(a.inactive) > 0 {
		for _, it := range a.inactive {
			if r := it.loc.Reg; a.freeUntil[r] > 0 {
				a.freeUntil[r] = min(a.freeUntil[r], it.intersection(cur, start))
			}
		}
		best = regs[0]
		for _, r := range regs {
			if a.freeUntil[r] > a.freeUntil[best] {
				best = r
			}
		}
	}
	hinted := false
	for k := range numHints {
		h := a.hint(cur, k)
		if h < 0 || !a.inClass[h] || a.freeUntil[h] <= start {
			continue
		}
		if f := a.freeUntil[h]; f >= cur.end() || f >= a.freeUntil[best] || a.hintPaysSplit(cur, k, f) {
			best, hinted = Reg(h), true
			break
		}
	}
	if !hinted && len(a.latchExits) > 0 && a.freeUntil[best] >= cur.end() {
		best = a.awayFromLatchParams(cur, best)
	}
	limit := a.freeUntil[best]
	if limit <= start {
		return false
	}
	if limit < cur.end() && a.aroundCall(cur, best, limit) {
		return true
	}
	if limit < cur.end() {
		s := a.optimalSplit(start+1, limit)
		if s < 0 {
			return false
		}
		a.requeue(a.split(cur, s))
	}
	a.assign(cur, best)
	return true
}

// hintPaysSplit says whether cur should take the register of the operand
// its definition is tied to (hints 1 and 2 of allocator.hint) although
// that register is free only up to limit, before cur's end, while another
// is free for longer: cur then splits before limit, at the cheapest block
// boundary (optimalSplit), and the move there is worth it when it weighs
// less than the move the hint saves at cur's definition. So a loop's
// counter defined from the previous iteration's (j' = j - 1, tied to j)
// keeps j's register through the loop, its back edge copies nothing, and
// it moves to another register after the loop, before the call that
// clobbers the first one. Only a split after the innermost loop around
// the definition counts: one inside it, on a rarer path, would trade the
// loop's move for another of the loop's, and the piece split off would
// take its register from values the loop holds. Outside loops the saved
// move runs once: no split is looked for there. The other hints (the
// register of the piece cur was split from, of the value an edge copies
// it into or out of) save a move elsewhere than at cur's start, or one
// that the hint's own register may not spare: taking them early cost
// strings 0.8% more instructions.
func (a *allocator) hintPaysSplit(cur *interval, k int, limit int32) bool {
	if k != 1 && k != 2 {
		return false
	}
	start := cur.start()
	_, le, ok := a.innerLoopSpan(start)
	if !ok {
		return false
	}
	s := a.optimalSplit(start+1, limit)
	return s >= le && a.splitWeight(s) < a.lv.weight[a.blockOf(start)]
}

// splitWeight is the weight of the moves a split at even position s
// needs: on the edges into its block when s is the block's start
// (splitCosts), or inside the block otherwise.
func (a *allocator) splitWeight(s int32) float64 {
	b := a.blockOf(s)
	if s == a.blockStartPosition[b] {
		return a.splitCost[b]
	}
	return a.lv.weight[b]
}

// aroundCall handles cur when register r is free for it up to a call
// that clobbers r at limit, while cur lives across the call: cur keeps r
// up to the call, waits in its slot over the call alone and comes back
// after it, into r again if it can. So the store and the load are on the
// call's path only (the store at the value's definition, if that is
// cheaper), and a loop with a call on one of its paths keeps the value in
// r around its other paths and its back edge. It reports whether it did.
func (a *allocator) aroundCall(cur *interval, r Reg, limit int32) bool {
	start := cur.start()
	cl := a.clobbered[r]
	before := limit - 1 // the call reads its operands here
	if cl == nil || !cl.covers(limit) || limit&1 == 0 || before <= start {
		return false
	}
	if fx := a.fixed[r]; fx != nil && fx.intersection(cur, start) <= limit {
		return false
	}
	if a.throughLoopInSlot(cur, r, limit) || a.calleeSavedInLoop(cur, limit) {
		return true
	}
	over := a.split(cur, before)
	a.addPiece(over)
	if after := limit + 1; after < over.end() {
		rest := a.split(over, after)
		rest.hintReg = int(r)
		a.requeue(rest)
	}
	a.spill(over)
	a.assign(cur, r)
	return true
}

// innerLoopSpan returns the positions from the start of the innermost
// loop around pos (its first block in layout) to the end of its last
// block, or false when no loop contains pos.
func (a *allocator) innerLoopSpan(pos int32) (ls, le int32, ok bool) {
	loop := a.lv.loops.inner[a.blockOf(pos)]
	if loop < 0 {
		return 0, 0, false
	}
	return a.blockStartPosition[a.lv.loops.first[loop]], a.lv.blockEnd(a.lv.loops.last[loop]), true
}

// throughLoopInSlot handles cur, for which register r is free up to a
// call at limit, when cur lives into and through the loop around the
// call without a use in it: cur keeps r up to the loop's start and waits
// in its slot from there to its next use after the loop. Brought back
// into r after the call, it would be loaded again on every iteration
// that calls, for nothing. It reports whether it did.
func (a *allocator) throughLoopInSlot(cur *interval, r Reg, limit int32) bool {
	ls, le, ok := a.innerLoopSpan(limit)
	if !ok {
		return false
	}
	if cur.start() >= ls || !cur.covers(ls) || !cur.covers(le-1) || cur.nextUse(ls) < le {
		return false
	}
	in := a.split(cur, ls)
	a.addPiece(in)
	a.spillUntilUse(in, le)
	a.assign(cur, r)
	return true
}

// calleeSavedInLoop handles cur, for which a caller-saved register is
// free up to a call at limit, when the loop around the call uses cur
// after the call and a callee-saved register's occupants live through
// the loop without a use in it: they wait in their slots for the loop
// (evictLoop) and cur takes that register across the call. Split around
// the call instead, cur would be loaded after the call on every
// iteration, while the occupants need one store before the loop and one
// load after it. It reports whether it did.
func (a *allocator) calleeSavedInLoop(cur *interval, limit int32) bool {
	ls, le, ok := a.innerLoopSpan(limit)
	if !ok {
		return false
	}
	start := cur.start()
	if start < ls || cur.nextUse(limit+1) >= le {
		return false
	}
	idle := func(it *interval) bool { // live through the loop, unused there
		return it.covers(ls) && it.covers(le-1) && it.nextUse(ls) >= le
	}
	var seen clobberSeen
	for _, r := range a.info.Allocatable[cur.class] {
		if !a.calleeSaved[r] || a.reserved(r, cur, &seen) < cur.end() {
			continue
		}
		ok, occupied := true, false
		for _, it := range a.active {
			if it.loc.Reg == r {
				ok, occupied = ok && idle(it), true
			}
		}
		for _, it := range a.inactive {
			if it.loc.Reg == r && it.intersection(cur, start) < maxPos {
				ok, occupied = ok && idle(it), true
			}
		}
		if !ok || !occupied {
			continue
		}
		evicted := func(it *interval, inactive bool) bool {
			if it.loc.Reg != r || inactive && it.intersection(cur, start) == maxPos {
				return false
			}
			a.evictLoop(it, ls, le, start)
			return true
		}
		a.quiet = 0
		a.active = slices.DeleteFunc(a.active, func(it *interval) bool { return evicted(it, false) })
		a.inactive = slices.DeleteFunc(a.inactive, func(it *interval) bool { return evicted(it, true) })
		a.assign(cur, r)
		return true
	}
	return false
}

// requeue puts a piece just split off back among the unhandled ones.
func (a *allocator) requeue(piece *interval) {
	a.addPiece(piece)
	a.unhandled.push(piece)
}

// blocked handles cur when no register is free for it, right after
// tryFree found none (it takes tryFree's a.reservedAt). Outside loops it
// takes the register whose occupants are next used latest, evicting them,
// when that is after cur's own next use; otherwise cur waits in its slot
// until its next use. Inside a loop it weighs instead, by use density: the
// uses (weighted by their blocks' weights) a value has per position of the stretch
// it would give up: the whole loop for a value live through the loop,
// which then leaves its register for the whole loop (and its uses there
// read the slot), the rest of its lifetime in the loop for the others
// (what it does after the loop does not weigh on the loop's choice), plus,
// for an occupant, the store its eviction adds. A register's cost is the
// densities of its occupants summed; cur takes the cheapest register if
// that costs less than cur's own density. So a short temporary, whose few
// uses are close together, pushes out a value that the loop uses rarely
// for its whole length, rather than another short temporary: one value in
// its slot makes room for many temporaries.
func (a *allocator) blocked(cur *interval) {
	regs := a.info.Allocatable[cur.class]
	start := cur.start()
	loop := a.lv.loops.inner[a.blockOf(start)]
	ls, le, _ := a.innerLoopSpan(start)
	through := func(it *interval) bool { return loop >= 0 && it.covers(ls) && it.covers(le-1) }
	storeW := a.lv.weight[a.blockOf(start)]
	density := func(it *interval) float64 {
		if through(it) {
			return it.useWeight(ls, le) / float64(le-ls)
		}
		end := min(it.end(), le)
		// A free copy needs no register, and an occupant that has one
		// is stored at the edge anyway.
		fc := a.freeCopyWeight(it, start, end)
		w := it.useWeight(start, end) - fc
		if it != cur && fc == 0 {
			w += storeW
		}
		return w / float64(end-start)
	}
	var seen clobberSeen
	for _, r := range regs {
		x := a.reservedAt[r] // tryFree's, for this cur
		if x == notAsked {
			x = a.reserved(r, cur, &seen)
		}
		a.usePos[r], a.blockPos[r], a.cost[r] = x, x, 0
	}
	// The costs weigh only inside a loop.
	for _, it := range a.active {
		r := it.loc.Reg
		a.usePos[r] = min(a.usePos[r], it.nextUse(start))
		if loop >= 0 {
			a.cost[r] += density(it)
		}
	}
	for _, it := range a.inactive {
		if r := it.loc.Reg; it.intersection(cur, start) < maxPos {
			a.usePos[r] = min(a.usePos[r], it.nextUse(start))
			if loop >= 0 {
				a.cost[r] += density(it)
			}
		}
	}
	firstUse := cur.nextUse(start)
	best, found := Reg(0), false
	for _, r := range regs {
		if a.blockPos[r] < cur.end() && a.optimalSplit(start+1, a.blockPos[r]) < 0 {
			continue // not even a piece of cur fits before the block
		}
		if loop >= 0 && a.usePos[r] <= firstUse {
			continue // an occupant needs it first
		}
		better := a.usePos[r] > a.usePos[best]
		if loop >= 0 {
			better = a.cost[r] < a.cost[best] || a.cost[r] == a.cost[best] && better
		}
		if !found || better {
			best, found = r, true
		}
	}
	if !found || a.usePos[best] <= firstUse || loop >= 0 && a.cost[best] >= density(cur) {
		a.spillUntilUse(cur, start+1)
		return
	}
	if a.blockPos[best] < cur.end() {
		a.requeue(a.split(cur, a.optimalSplit(start+1, a.blockPos[best])))
	}
	a.assign(cur, best)
	evict := func(it *interval, inactive bool) {
		switch {
		case through(it):
			a.evictLoop(it, ls, le, start)
		case loop >= 0 && a.slotsThroughLoop(it, ls, le, start):
			a.evictThroughLoop(it, ls, le)
		case inactive:
			a.evictInactive(it, start)
		default:
			a.evictActive(it, start)
		}
	}
	a.quiet = 0
	a.active = slices.DeleteFunc(a.active, func(it *interval) bool {
		if it.loc.Reg != best {
			return false
		}
		evict(it, false)
		return true
	})
	a.inactive = slices.DeleteFunc(a.inactive, func(it *interval) bool {
		if it.loc.Reg != best || it.intersection(cur, start) == maxPos {
			return false
		}
		evict(it, true)
		return true
	})
}

// evictLoop takes it, live through the loop that pos is in (from its
// first block in layout, at ls, to its last, ending at le), out of its
// register for the whole loop: it waits in its slot from the loop's start,
// and comes back after the loop, before its next use there.
func (a *allocator) evictLoop(it *interval, ls, le, pos int32) {
	piece := it
	if ls > it.start() {
		piece = a.split(it, ls)
		a.addPiece(piece)
	}
	a.spillUntilUse(piece, max(le, pos+1))
}

// evictActive takes it, live at pos, out of its register from pos on (or
// from a cheaper split position after its last use before pos).
func (a *allocator) evictActive(it *interval, pos int32) {
	last := it.lastUseBefore(pos)
	if last == it.start() && a.paramDef(last) {
		// A block parameter not read yet: the edges into the block
		// store it into its slot instead of into a register.
		a.spillUntilUse(it, pos+1)
		return
	}
	s := a.optimalSplit(max(last+1, it.start()+1), pos)
	if s < 0 {
		s = pos &^ 1
	}
	piece := it
	if s > it.start() {
		piece = a.split(it, s)
		a.addPiece(piece)
	}
	a.spillUntilUse(piece, pos+1)
}

// paramDef says whether pos is where a block's parameters are defined (on
// entry, by the moves of the edges into the block).
func (a *allocator) paramDef(pos int32) bool {
	return pos&1 == 1 && a.blockStartPosition[a.blockOf(pos)] == pos-1
}

// evictInactive takes it, in a lifetime hole at pos, out of its register
// from pos on.
func (a *allocator) evictInactive(it *interval, pos int32) {
	s := it.nextCovered(pos) &^ 1
	if s <= it.start() {
		a.spillUntilUse(it, pos+1)
		return
	}
	piece := a.split(it, s)
	a.addPiece(piece)
	a.spillUntilUse(piece, pos+1)
}

// fewUses is how many uses a spilled value may have left for it to stay in
// its slot for all of them: as many memory operands cost about what
// loading it back into a register costs.
const fewUses = 2

// spillUntilUse puts piece in its slot up to its next use at or after lo
// that needs it elsewhere (not a free copy), and the rest back among the
// unhandled pieces, split off at the cheapest position before that use.
func (a *allocator) spillUntilUse(piece *interval, lo int32) {
	lo = max(lo, piece.start()+1)
	u, n := a.neededUse(piece, lo)
	if u == maxPos || n <= fewUses {
		// A value with few uses left reads them from its slot rather
		// than take a register back and push out another value.
		a.spill(piece)
		return
	}
	s := a.optimalSplit(lo, u)
	if s < 0 {
		s = (u | 1) + 1 // the use itself reads the slot
	}
	if s >= piece.end() {
		a.spill(piece)
		return
	}
	a.requeue(a.split(piece, s))
	a.spill(piece)
}
