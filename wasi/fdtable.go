package wasi

// fdTable is the descriptor table of a System: entries indexed by
// descriptor number, nil where a descriptor is free. A lookup, which every
// call on a descriptor makes, is an index; a new descriptor is the lowest
// free one, as POSIX hands them out, so the table stays as long as the
// most descriptors open at once.
type fdTable struct {
	entries []*fdEntry
	free    int // no descriptor below it is free
}

// get returns the entry of fd.
func (t *fdTable) get(fd uint32) (*fdEntry, bool) {
	if uint64(fd) >= uint64(len(t.entries)) {
		return nil, false
	}
	e := t.entries[fd]
	return e, e != nil
}

// next returns the descriptor that add will give.
func (t *fdTable) next() uint32 {
	for t.free < len(t.entries) && t.entries[t.free] != nil {
		t.free++
	}
	return uint32(t.free)
}

// add gives e the lowest free descriptor and returns it.
func (t *fdTable) add(e *fdEntry) uint32 {
	fd := t.next()
	if int(fd) == len(t.entries) {
		t.entries = append(t.entries, e)
	} else {
		t.entries[fd] = e
	}
	t.free++
	return fd
}

// replace puts e at fd, which must be open.
func (t *fdTable) replace(fd uint32, e *fdEntry) { t.entries[fd] = e }

// remove frees fd, which must be open.
func (t *fdTable) remove(fd uint32) {
	t.entries[fd] = nil
	t.free = min(t.free, int(fd))
}

// open calls f for every open descriptor, in order.
func (t *fdTable) open(f func(fd uint32, e *fdEntry)) {
	for fd, e := range t.entries {
		if e != nil {
			f(uint32(fd), e)
		}
	}
}
