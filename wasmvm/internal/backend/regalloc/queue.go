package regalloc

import "slices"

// queue orders the unhandled intervals by start, then by virtual
// register: a total order (the pieces of one register start at different
// positions), so the order they leave the queue in does not depend on how
// they were stored. The function's own intervals, all known when the scan
// begins, are sorted once; the pieces split off during the scan go to a
// binary min-heap; pop takes the first of the two. Entries carry their
// interval's start, which does not change while it waits (a split keeps
// the start of the interval it cuts), so that ordering them reads no
// interval.
type queue struct {
	sorted []queued // the function's intervals, in order
	next   int      // the first of sorted not yet popped
	heap   []queued // the pieces split off
	// init's scratch: the array sorted was gathered in, and the counts
	// per start.
	spare []queued
	count []int32
}

// queued is an interval waiting in the queue, with its sort key.
type queued struct {
	start int32
	root  VReg
	iv    *interval
}

// before says whether x leaves the queue before y.
func before(x, y queued) bool {
	return x.start < y.start || x.start == y.start && x.root < y.root
}

// reset empties q, keeping its arrays.
func (q *queue) reset() {
	clear(q.sorted)
	clear(q.heap)
	q.sorted, q.next, q.heap = q.sorted[:0], 0, q.heap[:0]
}

// add puts iv among the intervals to sort; init orders them.
func (q *queue) add(iv *interval) {
	q.sorted = append(q.sorted, queued{iv.start(), iv.root, iv})
}

// init orders the intervals added. They come by ascending virtual
// register (scan adds a function's intervals in their order), so a stable
// counting sort by start orders them in linear time; other orders take a
// comparison sort.
func (q *queue) init() {
	maxStart := int32(-1)
	for k, e := range q.sorted {
		if e.start < 0 || k > 0 && e.root <= q.sorted[k-1].root {
			q.sortByComparison()
			return
		}
		maxStart = max(maxStart, e.start)
	}
	// count[p+1] is how many intervals start at p, then where those
	// starting at p go.
	count := cleared(q.count, int(maxStart)+2)
	for _, e := range q.sorted {
		count[e.start+1]++
	}
	for p := 1; p < len(count); p++ {
		count[p] += count[p-1]
	}
	out := resize(q.spare, len(q.sorted))
	for _, e := range q.sorted {
		out[count[e.start]] = e
		count[e.start]++
	}
	clear(q.sorted)
	q.sorted, q.spare, q.count = out, q.sorted[:0], count
}

// sortByComparison orders the intervals added, in any order.
func (q *queue) sortByComparison() {
	slices.SortFunc(q.sorted, func(x, y queued) int {
		switch {
		case before(x, y):
			return -1
		case before(y, x):
			return 1
		}
		return 0
	})
}

// empty says whether no interval waits.
func (q *queue) empty() bool { return q.next == len(q.sorted) && len(q.heap) == 0 }

// push adds iv, a piece split off during the scan.
func (q *queue) push(iv *interval) {
	q.heap = append(q.heap, queued{iv.start(), iv.root, iv})
	h := q.heap
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !before(h[i], h[parent]) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

// pop removes and returns the first interval.
func (q *queue) pop() *interval {
	if len(q.heap) == 0 || q.next < len(q.sorted) && before(q.sorted[q.next], q.heap[0]) {
		iv := q.sorted[q.next].iv
		q.sorted[q.next].iv = nil
		q.next++
		return iv
	}
	h := q.heap
	first, last := h[0], len(h)-1
	h[0] = h[last]
	h[last] = queued{}
	q.heap = h[:last]
	q.down(0)
	return first.iv
}

// down moves the heap entry at i down to its place.
func (q *queue) down(i int) {
	h := q.heap
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if r := c + 1; r < len(h) && before(h[r], h[c]) {
			c = r
		}
		if !before(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
