package regalloc

// clearance remembers, for one interval (a register's fixed or clobber
// interval), the first position at or after some position from where the
// interval is live: the interval is live nowhere in [from, next). reserved
// asks it, for every interval the scan allocates, whether the register's
// fixed and clobber intervals leave cur's whole lifetime alone, which
// they mostly do (cur is short, calls and pinned registers are sparse):
// then it needs no intersection. The scan's positions grow, so one
// answer serves many intervals.
type clearance struct{ from, next int32 }

// unknown is a clearance that knows nothing.
var unknown = clearance{from: maxPos, next: 0}

// clear reports whether iv is live nowhere in [pos, end), updating c
// when pos lies outside what it knows.
func (c *clearance) clear(iv *interval, pos, end int32) bool {
	if pos < c.from || pos > c.next {
		c.from, c.next = pos, iv.nextCovered(pos)
	}
	return end <= c.next
}
