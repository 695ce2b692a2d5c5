package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// maxShortTrips bounds the iterations per entry of a loop that needs no
// epoch check (ShortLoops): at most this many, give or take two.
const maxShortTrips = 1 << 16

// ShortLoops marks, given the function's back edges (backEdges), the loop
// headers that need no epoch check of their own: those of innermost loops (containing no other loop) that run at
// most about maxShortTrips iterations each time they are entered, because
// a counter p, a parameter of the header, bounds them. Every back edge
// passes p+k for a k that is not zero (minValue) and is taken only while
// p+k <u C or p+k <=u C with C at most maxShortTrips (a step of k mod 2^32
// that keeps the counter within [0, C] moves it the same way each time),
// or, for k = 1, while p+k != C, when p starts below C (paramMax).
//
// Whatever runs such a loop runs inside a loop or function that does
// check, so an interruption still stops the code within a bounded time:
// the short loop's iterations (each a path without loops, whose calls
// check on entry or are leaves whose own loops check) and then the check
// of the code around it.
func (l *Func) ShortLoops(back []regalloc.BackEdge) []bool {
	n := len(l.Blocks)
	short := make([]bool, n)
	if len(back) == 0 {
		return short
	}
	tails := map[int][]int{}
	header := make([]bool, n)
	for _, e := range back {
		tails[e.Header] = append(tails[e.Header], e.From)
		header[e.Header] = true
	}
	preds := make([][]int, n)
	for b := range l.Blocks {
		for _, s := range l.Blocks[b].Succs {
			preds[s] = append(preds[s], b)
		}
	}
	for h, ts := range tails {
		short[h] = l.innermost(h, ts, header, preds) && l.countedTrips(h, ts)
	}
	return short
}

// innermost reports whether the loop of header h with back edges from
// tails contains no other loop's header: walking back from the tails to
// h meets none.
func (l *Func) innermost(h int, tails []int, header []bool, preds [][]int) bool {
	seen := map[int]bool{h: true}
	work := append([]int(nil), tails...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if header[b] {
			return false
		}
		work = append(work, preds[b]...)
	}
	return true
}

// countedTrips reports whether one parameter of header h's block counts
// the loop's iterations on every back edge (from tails), as ShortLoops
// describes.
func (l *Func) countedTrips(h int, tails []int) bool {
	hb := l.F.Block(l.Blocks[h].SSAID)
	for idx, p := range hb.Params {
		if l.F.TypeOf(p) == ssa.TypeI32 && l.everyBackEdgeCounts(hb.ID, idx, p, tails) {
			return true
		}
	}
	return false
}

func (l *Func) everyBackEdgeCounts(hb ssa.BlockID, idx int, p ssa.Value, tails []int) bool {
	for _, t := range tails {
		term := l.F.Block(l.Blocks[t].SSAID).Terminator()
		if term == nil {
			return false
		}
		for ti, target := range term.Targets {
			if target.Block == hb && !l.countingEdge(term, ti, target.Args[idx], p) {
				return false
			}
		}
	}
	return true
}

// countingEdge reports whether edge ti of term passes a = p+k, with k
// not zero, only while a is at most about maxShortTrips.
func (l *Func) countingEdge(term *ssa.Instr, ti int, a, p ssa.Value) bool {
	step, ok := l.stepOf(a, p)
	if !ok {
		return false
	}
	if limit, ok := l.edgeLimit(term, ti, a); ok {
		// Within [0, limit] a step that is not zero moves the counter
		// the same way every time: it leaves after limit+1 steps at most.
		least, known := l.minValue(step, maxValueDepth)
		return known && least >= 1 && limit <= maxShortTrips
	}
	if c, ok := l.countsTo(term, ti, a, p); ok && c <= maxShortTrips {
		start, known := l.paramMax(p)
		return known && start < c
	}
	return false
}
