package regalloc

import (
	"cmp"
	"slices"
)

// slots are the spill slots of one class. A slot holds values one after
// another: those whose lifetimes (first to last position) do not overlap.
type slots struct {
	// free orders the slots by where the last value in each ends: a
	// value that starts there or later may take the slot. An entry whose
	// end is no longer its slot's end is stale.
	free  slotHeap
	end   []int32      // per slot: where its last value ends
	spans [][]slotSpan // per slot: the lifetimes of its values
}

// slotSpan is the lifetime of a value in a slot, or one that the slot
// keeps for the value (see reserve).
type slotSpan struct {
	span
	v VReg
}

// spill puts iv in its value's slot, which all the value's spilled pieces
// share. A value that an edge copies into or out of another value already
// in a slot takes that slot when their lifetimes allow it, so that the
// copy (a loop's back edge passing a spilled value to a spilled
// parameter, say) moves nothing.
func (a *allocator) spill(iv *interval) {
	v := iv.root
	if a.slotOf[v] < 0 {
		a.slotOf[v] = a.slots[iv.class].take(a.rootSpan[v], v, a.partnerSlots(v, iv.class))
		a.reserve(v, iv.class)
	}
	iv.loc, iv.hasLoc = Location{Spilled: true, Slot: int32(a.slotOf[v])}, true
}

// partnerSlots returns the slots of the values of class that edges copy v
// into or out of, the most frequent copy (by block weight) first. The
// list is the allocator's scratch: good until the next call.
func (a *allocator) partnerSlots(v VReg, class Class) []int {
	if a.lv.partners.empty() {
		return nil
	}
	ps := append(a.partnerBuf[:0], a.lv.partners.of(v)...)
	slices.SortStableFunc(ps, func(x, y partner) int { return cmp.Compare(y.w, x.w) })
	out := a.slotBuf[:0]
	for _, p := range ps {
		if s := a.slotOf[p.v]; s >= 0 && a.lv.ivs[p.v].class == class {
			out = append(out, s)
		}
	}
	a.partnerBuf, a.slotBuf = ps, out
	return out
}

// reserve keeps v's slot, just taken, free for the lifetimes of the
// values that edges copy v into or out of and that have no slot yet,
// where they fit: a slot that another value took in between would leave
// such a partner to a slot of its own and the copy to a store and a load
// (a loop's back edge passing the next round's value to a spilled
// parameter whose slot a temporary of the loop took after the
// parameter's last use).
func (a *allocator) reserve(v VReg, class Class) {
	if a.lv.partners.empty() {
		return
	}
	s, k := &a.slots[class], a.slotOf[v]
	for _, p := range a.lv.partners.of(v) {
		if a.slotOf[p.v] < 0 && a.lv.ivs[p.v].class == class && !s.overlaps(k, a.rootSpan[p.v], p.v) {
			s.add(k, a.rootSpan[p.v], p.v)
		}
	}
}

// take returns a slot for value v living over own: the first of prefer
// that holds no value overlapping it, else the slot that was free
// earliest, if free by own's start, else a new one.
func (s *slots) take(own span, v VReg, prefer []int) int {
	if k := s.preferred(own, v, prefer); k >= 0 {
		s.add(k, own, v)
		return k
	}
	for len(s.free) > 0 {
		top := s.free[0]
		if top.end != s.end[top.slot] {
			s.free.pop() // stale
			continue
		}
		if top.end <= own.from {
			s.free.pop()
			s.add(top.slot, own, v)
			return top.slot
		}
		break
	}
	k := len(s.end)
	s.end = append(s.end, own.from)
	if k < cap(s.spans) { // a list an earlier function left
		s.spans = s.spans[:k+1]
		s.spans[k] = s.spans[k][:0]
	} else {
		s.spans = append(s.spans, nil)
	}
	s.add(k, own, v)
	return k
}

// emptied returns s without slots, keeping its arrays for the next
// function.
func (s *slots) emptied() slots {
	return slots{free: s.free[:0], end: s.end[:0], spans: s.spans[:0]}
}

// preferred returns the first of prefer that holds no value overlapping
// own (other than v's own reservations), or -1.
func (s *slots) preferred(own span, v VReg, prefer []int) int {
	for _, k := range prefer {
		if !s.overlaps(k, own, v) {
			return k
		}
	}
	return -1
}

// add records value v living over own in slot k (or the slot keeping
// own for v).
func (s *slots) add(k int, own span, v VReg) {
	s.spans[k] = append(s.spans[k], slotSpan{own, v})
	if own.to > s.end[k] || len(s.spans[k]) == 1 {
		s.end[k] = max(s.end[k], own.to)
		s.free.push(slotUse{end: s.end[k], slot: k})
	}
}

// overlaps says whether slot k holds or keeps a span overlapping o for a
// value other than v.
func (s *slots) overlaps(k int, o span, v VReg) bool {
	for _, x := range s.spans[k] {
		if x.v != v && x.from < o.to && o.from < x.to {
			return true
		}
	}
	return false
}

// count returns the number of slots.
func (s *slots) count() int { return len(s.end) }

// slotUse is a spill slot and where the last value in it ends.
type slotUse struct {
	end  int32
	slot int
}

// slotHeap orders slots by the end of their last value: a binary heap,
// its least entry first. (Typed, so that an entry is not boxed in an
// interface; it moves entries as container/heap does, which the
// allocation's choices among slots freed at the same position depend
// on.)
type slotHeap []slotUse

// push adds u.
func (h *slotHeap) push(u slotUse) {
	*h = append(*h, u)
	q := *h
	for j := len(q) - 1; j > 0; {
		i := (j - 1) / 2
		if q[j].end >= q[i].end {
			break
		}
		q[i], q[j] = q[j], q[i]
		j = i
	}
}

// pop removes the least entry.
func (h *slotHeap) pop() {
	q := *h
	n := len(q) - 1
	q[0], q[n] = q[n], q[0]
	for i := 0; ; {
		j := 2*i + 1
		if j >= n {
			break
		}
		if j2 := j + 1; j2 < n && q[j2].end < q[j].end {
			j = j2
		}
		if q[j].end >= q[i].end {
			break
		}
		q[i], q[j] = q[j], q[i]
		i = j
	}
	*h = q[:n]
}
