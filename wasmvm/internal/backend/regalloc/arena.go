package regalloc

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/reuse"

// arenas is the memory the intervals of one allocation start in, and the
// allocator's own state: an interval per virtual register, and for each a
// few ranges, uses and use weights, in shared arrays (an interval moves
// out of them only when it grows past its share). An allocation takes its arenas from arenaPool and
// returns them when its result is made, so that the functions of the
// modules being compiled reuse them instead of allocating and clearing
// them anew.
type arenas struct {
	allocator allocator // the state of the allocation itself
	slab      []interval
	ranges    []span
	uses      []int32
	weights   []float64

	// Per-register tables of the liveness, the allocator and the
	// resolution, none of which the result refers to.
	ivs             []*interval
	numDefs, defPos []int32
	pieces          [][]*interval
	rootSpan        []span
	slotOf          []int
	storeCost       []float64
	blockWeights    []float64
	hintW           []float64 // copyHints' weights of the copies parameters hint at
	// The tables per register of liveness.partners and copyOuts, and
	// their builders' counts.
	partnerTables, copyOutTables [2][]int32
	storeBlock                   []int32
	storedAtDef                  []bool
	numUses                      []int32 // per virtual register, the places that read or write it (globalValues)
	totalUses                    int     // ... and their sum
	bucketBlock                  []int32 // liveness.bucketBlock
	heads                        []span  // per global value, the range buildIntervals gathers
	open                         []bool  // ... and whether it holds one
	run                          bitset  // ... and whether the block walked last extended it

	// The data flow's tables: per virtual register, its block of
	// definition, whether it is global and its number among the globals;
	// the globals; the sets of every block, and their heads.
	defBlock, gidx []int32
	global         []bool
	globals        []VReg
	sets           bitset
	setHeads       []bitset
	setWords       []wordRange // the words of the gen, live-in and live-out sets in use
	// The blocks' predecessors (predecessors) and the blocks the data
	// flow has yet to visit again.
	predStart, preds []int32
	pending          []bool

	// The pieces split off intervals (newPiece): chunks, and how many
	// places the allocation at hand took.
	pieceChunks [][]interval
	piecesTaken int
	// The lists of pieces per split register (allocator.addPiece) and
	// the ranges of pieces split off (interval.splitAt).
	pieceLists  bump[*interval]
	splitRanges bump[span]

	// The resolution's moves, its two sets over the globals and the
	// starts of the globals' pieces.
	moves       []pendingMove
	resolveSets bitset
	bounds      pieceBounds
}

// newPiece returns a place for an interval split off another: the pieces
// of one allocation take the places of chunks kept from function to
// function, in order.
func (ar *arenas) newPiece() *interval {
	c, k := ar.piecesTaken/pieceChunk, ar.piecesTaken%pieceChunk
	if c == len(ar.pieceChunks) {
		ar.pieceChunks = append(ar.pieceChunks, make([]interval, pieceChunk))
	}
	ar.piecesTaken++
	return &ar.pieceChunks[c][k]
}

// pieceChunk is how many pieces a chunk of the arenas holds.
const pieceChunk = 256

// rangesEach is each interval's share of the arenas' ranges. (Its shares
// of the uses and their weights are exact: globalValues counts them.)
const rangesEach = 2

var arenaPool = reuse.NewPool[arenas]()

// reserve makes the arenas hold n intervals with uses uses among them.
// Their old contents stay: every interval is set in full where it is first
// taken.
func (ar *arenas) reserve(n, uses int) {
	ar.piecesTaken = 0
	ar.pieceLists.reset()
	ar.splitRanges.reset()
	ar.slab = resize(ar.slab, n)
	ar.ranges = resize(ar.ranges, n*rangesEach)
	ar.uses = resize(ar.uses, uses)
	ar.weights = resize(ar.weights, uses+n) // cum: one more per interval
}

// resize returns s with length n, reallocated only when too small.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// cleared returns s with length n and every element zero, reallocated
// only when too small.
func cleared[T any](s []T, n int) []T {
	s = resize(s, n)
	clear(s)
	return s
}
