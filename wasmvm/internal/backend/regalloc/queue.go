package regalloc

// queue orders the unhandled intervals by start, then by virtual
// register: a total order (the pieces of one register start at different
// positions), so the order they leave the queue in does not depend on how
// the heap arranges them. It is a binary min-heap, typed to spare the
// allocator container/heap's interface calls.
type queue []*interval

// before says whether x leaves the queue before y.
func before(x, y *interval) bool {
	if sx, sy := x.start(), y.start(); sx != sy {
		return sx < sy
	}
	return x.root < y.root
}

// init orders the intervals appended to q.
func (q queue) init() {
	for i := len(q)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
}

// push adds iv.
func (q *queue) push(iv *interval) {
	*q = append(*q, iv)
	h := *q
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
	h := *q
	first, last := h[0], len(h)-1
	h[0] = h[last]
	h[last] = nil
	*q = h[:last]
	q.down(0)
	return first
}

// down moves the interval at i down to its place.
func (q queue) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(q) {
			return
		}
		if r := c + 1; r < len(q) && before(q[r], q[c]) {
			c = r
		}
		if !before(q[c], q[i]) {
			return
		}
		q[i], q[c] = q[c], q[i]
		i = c
	}
}
