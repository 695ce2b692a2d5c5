package regalloc

// perVReg lists items per virtual register in one array, those of v at
// items[start[v]:start[v+1]]: a function's copies relate a few thousand of
// its tens of thousands of registers, and a list header per register
// would take more memory than the lists.
type perVReg[T any] struct {
	start []int32 // nil when no register has items
	items []T
}

// of returns v's items.
func (p *perVReg[T]) of(v VReg) []T {
	if p.start == nil {
		return nil
	}
	return p.items[p.start[v]:p.start[v+1]]
}

// empty says whether no register has items.
func (p *perVReg[T]) empty() bool { return p.start == nil }

// perVRegBuilder fills a perVReg in two passes over the same items in the
// same order: count (each item's register), then add (each item), which
// keeps every register's items in the order they come.
type perVRegBuilder[T any] struct {
	list *perVReg[T]
	next []int32 // per register, where its next item goes
	// bufs, when set, are arrays kept from function to function for next
	// and for the list's starts (the list must then not outlive the next
	// use of bufs).
	bufs *[2][]int32
}

// count notes one more item of v, among n registers.
func (b *perVRegBuilder[T]) count(v VReg, n int) {
	if b.next == nil {
		if b.bufs != nil {
			b.bufs[0] = cleared(b.bufs[0], n+1)
			b.next = b.bufs[0]
		} else {
			b.next = make([]int32, n+1)
		}
	}
	b.next[v+1]++
}

// allocate makes room for the items counted, for add.
func (b *perVRegBuilder[T]) allocate(list *perVReg[T]) {
	b.list = list
	if b.next == nil {
		return
	}
	for v := 1; v < len(b.next); v++ {
		b.next[v] += b.next[v-1]
	}
	if b.bufs != nil {
		b.bufs[1] = resize(b.bufs[1], len(b.next))
		list.start = b.bufs[1]
	} else {
		list.start = make([]int32, len(b.next))
	}
	copy(list.start, b.next)
	list.items = make([]T, b.next[len(b.next)-1])
}

// add places the next item of v.
func (b *perVRegBuilder[T]) add(v VReg, item T) {
	b.list.items[b.next[v]] = item
	b.next[v]++
}
