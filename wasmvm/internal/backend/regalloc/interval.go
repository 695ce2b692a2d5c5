package regalloc

import (
	"math"
	"slices"
	"sort"
)

// maxPos is a position after every instruction.
const maxPos = math.MaxInt32

// span is a half-open range [from, to) of positions.
type span struct{ from, to int32 }

// interval is a virtual register's lifetime, or a piece of it split off:
// ranges with holes between them, and the positions of its reads and
// writes.
//
// Its fields are ordered to leave little padding (128 bytes): a large
// function has tens of thousands of intervals.
type interval struct {
	v      VReg    // the piece's own number, set when the result is made
	root   VReg    // the function's virtual register
	ranges []span  // ascending, disjoint
	uses   []int32 // ascending
	// cum[k] is the weight (by block weight) of the uses before uses[k]
	// (plus that of the uses of pieces before this one).
	cum    []float64
	loc    Location
	class  Class
	hasLoc bool
	fixed  bool
	// hintOp (and, for a commutative operation, hintAlt) is the operand
	// whose register the definition at hintPos+1 may take without a move;
	// hintReg is the register of the piece this one was split from.
	hintOp, hintAlt VReg
	hintPos         int32
	hintReg         int
	// hintCopy is a value an edge moves this one into or out of (a block
	// parameter and a value passed to it): its piece at hintCopyPos.
	hintCopy    VReg
	hintCopyPos int32
	// key is where the piece begins: the root's first position, or the
	// position it was split at.
	key int32
	// near is rangeAfter's last answer, where it looks first.
	near int32
}

func (iv *interval) start() int32 { return iv.ranges[0].from }
func (iv *interval) end() int32   { return iv.ranges[len(iv.ranges)-1].to }

// addRangeReverse adds [from, to) while ranges are built from the last
// position backwards (in descending order).
func (iv *interval) addRangeReverse(from, to int32) {
	if k := len(iv.ranges) - 1; k >= 0 && iv.ranges[k].from <= to {
		iv.ranges[k].from = min(iv.ranges[k].from, from)
		iv.ranges[k].to = max(iv.ranges[k].to, to)
		return
	}
	iv.ranges = append(iv.ranges, span{from, to})
}

// addUseReverse adds a use at pos of weight w, while uses are gathered
// from the last position backwards (iv.cum holds the weights until
// finishUses).
func (iv *interval) addUseReverse(pos int32, w float64) {
	if k := len(iv.uses) - 1; k < 0 || iv.uses[k] != pos {
		iv.uses = append(iv.uses, pos)
		iv.cum = append(iv.cum, w)
	}
}

// finishUses puts the ranges and uses gathered backwards in order and
// makes cum cumulative.
func (iv *interval) finishUses() {
	slices.Reverse(iv.ranges)
	slices.Reverse(iv.uses)
	slices.Reverse(iv.cum)
	total := 0.0
	iv.cum = append(iv.cum, 0)
	for k, w := range iv.cum {
		iv.cum[k] = total
		total += w
	}
}

// useWeight returns the weight of the uses in [lo, hi).
func (iv *interval) useWeight(lo, hi int32) float64 {
	i := iv.useIndex(lo)
	j := iv.useIndex(hi)
	return iv.cum[j] - iv.cum[i]
}

// rangeAfter returns the index of the first range that ends after pos.
func (iv *interval) rangeAfter(pos int32) int {
	if rs := iv.ranges; len(rs) == 1 && rs[0].to > pos {
		return 0 // most intervals: answered inline
	}
	return iv.rangeAfterNear(pos)
}

// rangeAfterNear is rangeAfter out of line. The
// scan asks mostly at positions that grow, so it looks first a few
// ranges on from its last answer (iv.near), and searches only when the
// answer is not there.
func (iv *interval) rangeAfterNear(pos int32) int {
	rs := iv.ranges
	k := int(iv.near)
	if k > len(rs) || k > 0 && rs[k-1].to > pos {
		k = 0 // the answer lies before the last one: search from the first
	}
	for end := min(len(rs), k+nearSteps); k < end; k++ {
		if rs[k].to > pos {
			iv.near = int32(k)
			return k
		}
	}
	if k < len(rs) {
		k += sort.Search(len(rs)-k, func(j int) bool { return rs[k+j].to > pos })
	}
	iv.near = int32(k)
	return k
}

// nearSteps is how many ranges rangeAfter walks from its last answer
// before it searches.
const nearSteps = 4

// covers says whether the value is live at pos.
func (iv *interval) covers(pos int32) bool {
	k := iv.rangeAfter(pos)
	return k < len(iv.ranges) && iv.ranges[k].from <= pos
}

// nextCovered returns the first position at or after pos where the value
// is live, or maxPos.
func (iv *interval) nextCovered(pos int32) int32 {
	k := iv.rangeAfter(pos)
	if k == len(iv.ranges) {
		return maxPos
	}
	return max(pos, iv.ranges[k].from)
}

// intersection returns the first position at or after from where both
// iv and o are live, or maxPos. It walks the shorter list of ranges and
// searches the longer.
func (iv *interval) intersection(o *interval, from int32) int32 {
	a, b := iv, o
	if len(a.ranges) > len(b.ranges) {
		a, b = b, a
	}
	for k := a.rangeAfter(from); k < len(a.ranges); k++ {
		r := a.ranges[k]
		lo := max(r.from, from)
		if j := b.rangeAfter(lo); j < len(b.ranges) && b.ranges[j].from < r.to {
			return max(lo, b.ranges[j].from)
		}
	}
	return maxPos
}

// useIndex returns the index of the first use at or after pos (len(uses)
// when there is none).
func (iv *interval) useIndex(pos int32) int { return useIndex(iv.uses, pos) }

// useIndex returns the index of the first of uses (ascending) at or after
// pos, or len(uses). Most intervals have a few uses: those it walks, the
// others it searches.
func useIndex(uses []int32, pos int32) int {
	if len(uses) <= shortUses {
		for k, u := range uses {
			if u >= pos {
				return k
			}
		}
		return len(uses)
	}
	lo, hi := 0, len(uses) // the answer is in [lo, hi]
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if uses[mid] < pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// shortUses is the longest list of uses that useIndex walks.
const shortUses = 8

// nextUse returns the first read or write at or after pos, or maxPos.
func (iv *interval) nextUse(pos int32) int32 {
	k := iv.useIndex(pos)
	if k == len(iv.uses) {
		return maxPos
	}
	return iv.uses[k]
}

// usesFrom counts the uses at or after pos.
func (iv *interval) usesFrom(pos int32) int {
	return len(iv.uses) - iv.useIndex(pos)
}

// lastUseBefore returns the last read or write before pos, or -1.
func (iv *interval) lastUseBefore(pos int32) int32 {
	k := iv.useIndex(pos)
	if k == 0 {
		return -1
	}
	return iv.uses[k-1]
}

// splitAt cuts iv at pos, which must lie after its start and before its
// end: iv keeps the positions before pos and the returned piece, child
// (whose old contents are dropped), the others. The child's ranges take
// an array from ranges.
func (iv *interval) splitAt(pos int32, child *interval, ranges *bump[span]) *interval {
	*child = interval{root: iv.root, class: iv.class, key: pos, hintOp: -1, hintAlt: -1, hintReg: -1, hintCopy: -1}
	k := iv.rangeAfter(pos)
	// The child's ranges are an array of their own, the parent keeps
	// its array (cut to its length, so that it never grows over the
	// ranges it gave away).
	child.ranges = ranges.take(len(iv.ranges) - k)[:0]
	if r := iv.ranges[k]; r.from < pos {
		child.ranges = append(child.ranges, span{pos, r.to})
		child.ranges = append(child.ranges, iv.ranges[k+1:]...)
		iv.ranges[k].to = pos
		iv.ranges = iv.ranges[: k+1 : k+1]
	} else {
		child.ranges = append(child.ranges, iv.ranges[k:]...)
		iv.ranges = iv.ranges[:k:k]
	}
	u := iv.useIndex(pos)
	child.uses, child.cum = iv.uses[u:], iv.cum[u:]
	iv.uses, iv.cum = iv.uses[:u:u], iv.cum[:u+1:u+1]
	if iv.hasLoc && !iv.loc.Spilled {
		child.hintReg = int(iv.loc.Reg)
	}
	return child
}
