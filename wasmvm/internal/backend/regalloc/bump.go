package regalloc

// bump hands out short arrays from one large one, so that the many small
// lists an allocation grows (the pieces of each split register, the
// ranges of each piece split off) are not each a heap object. An array
// taken stays valid when the large one runs out: the next arrays come
// from a new one twice the size, which the allocations after it keep
// (reset), so that a module's functions soon take all of theirs from
// one array.
type bump[T any] struct{ buf []T }

// take returns an array of n elements (len and cap n; its old contents
// are left as they are).
func (b *bump[T]) take(n int) []T {
	k := len(b.buf)
	if k+n > cap(b.buf) {
		b.buf = make([]T, 0, max(2*cap(b.buf), n, bumpMin))
		k = 0
	}
	b.buf = b.buf[:k+n]
	return b.buf[k : k+n : k+n]
}

// reset makes the whole array (the largest yet) available again: the
// arrays taken before must no longer be in use.
func (b *bump[T]) reset() { b.buf = b.buf[:0] }

// bumpMin is the fewest elements of an array bump makes.
const bumpMin = 1024
