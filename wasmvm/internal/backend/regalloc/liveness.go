package regalloc

import (
	"math/bits"
	"slices"
)

// bitset is a set of virtual registers.
type bitset []uint64

func (s bitset) add(v VReg)      { s[v/64] |= 1 << (uint(v) % 64) }
func (s bitset) has(v VReg) bool { return s[v/64]&(1<<(uint(v)%64)) != 0 }
func (s bitset) each(fn func(v VReg)) {
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			fn(VReg(i*64 + b))
			w &^= 1 << uint(b)
		}
	}
}

// union adds o to s and reports whether s changed.
func (s bitset) union(o bitset) bool {
	changed := false
	for i := range s {
		n := s[i] | o[i]
		if n != s[i] {
			s[i] = n
			changed = true
		}
	}
	return changed
}

// liveness is what the scan needs to know of a function: its intervals,
// block positions, loop depths and calls.
type liveness struct {
	ivs []*interval // per virtual register, nil for unused ones
	// entry is each block's entry position index: its parameters are
	// defined at 2*entry+1 and its instructions take the indices after.
	entry []int32
	depth []int // loop depth per block
	// weight is how often each block runs, relatively (blockWeights):
	// what its uses, and the moves and stores placed in it, weigh.
	weight []float64
	loops  loops
	liveIn []bitset
	// globals are the virtual registers that cross block boundaries,
	// numbered for the bitsets.
	globals     []VReg
	globalIndex []int32 // per virtual register, its number among globals, or -1
	// partners lists, per virtual register, the values that edges copy
	// it into or out of (nil when the function passes no values).
	partners perVReg[partner]
	// copyOuts lists, per virtual register, the copies edges make of it
	// into other values, by ascending position (empty when the function
	// passes no values).
	copyOuts perVReg[copyOut]
	calls    []int32 // the write positions of calls, ascending
	// clobbers are the instructions with Instr.Clobbers, by ascending
	// read position.
	clobbers []clobberAt
	numDefs  []int32 // per virtual register, how many places define it
	defPos   []int32 // per virtual register, the position of a definition
	endPos   int32   // the position after the last instruction
	// bucketBlock gives, per bucket of 1<<bucketShift positions, the
	// block that holds its first position (blockAt).
	bucketBlock []int32
	numUsed     int // how many virtual registers the function mentions
}

// blockAt returns the block whose positions include pos (-1 for a
// negative one). It starts from the block that holds the first position
// of pos's bucket and walks on: a bucket spans fewer positions than most
// blocks, so it takes a step or none.
func (lv *liveness) blockAt(pos int32) int {
	if pos < 0 {
		return -1
	}
	b := int(lv.bucketBlock[min(int(pos>>bucketShift), len(lv.bucketBlock)-1)])
	for b+1 < len(lv.entry) && 2*lv.entry[b+1] <= pos {
		b++
	}
	return b
}

// bucketShift sets the positions per bucket of liveness.bucketBlock: 16,
// against some 50 in an average block of a large function.
const bucketShift = 4

// blockBuckets sets lv.bucketBlock, in buckets' array, from lv.entry and
// lv.endPos.
func (lv *liveness) blockBuckets(buckets []int32) {
	buckets = resize(buckets, int(lv.endPos>>bucketShift)+1)
	b := 0
	for i := range buckets {
		pos := int32(i) << bucketShift
		for b+1 < len(lv.entry) && 2*lv.entry[b+1] <= pos {
			b++
		}
		buckets[i] = int32(b)
	}
	lv.bucketBlock = buckets
}

// blockEnd returns the position after block b's last instruction.
func (lv *liveness) blockEnd(b int) int32 {
	if b+1 < len(lv.entry) {
		return 2 * lv.entry[b+1]
	}
	return lv.endPos
}

// buildIntervals numbers the instructions in layout order, two positions
// each (operands are read at the even one, results written at the odd
// one), and builds each virtual register's ranges from block-level
// liveness: a value live out of a block is live to the block's end, one
// live into it from its start, so values live around a loop are live
// through all of it. The intervals start in the arenas ar.
func buildIntervals(f *Function, ar *arenas) *liveness {
	n := len(f.Classes)
	nb := len(f.Blocks)
	ar.ivs, ar.numDefs, ar.defPos = cleared(ar.ivs, n), cleared(ar.numDefs, n), cleared(ar.defPos, n)
	lv := &liveness{ivs: ar.ivs, entry: make([]int32, nb), numDefs: ar.numDefs, defPos: ar.defPos}
	idx := int32(0)
	for b := range f.Blocks {
		lv.entry[b] = idx
		idx += 1 + int32(len(f.Blocks[b].Instrs))
	}
	lv.endPos = 2 * idx
	lv.blockBuckets(ar.bucketBlock)
	ar.bucketBlock = lv.bucketBlock
	predStart, preds := predecessors(f, ar) // for the data flow too
	lv.loops = findLoops(f, predStart, preds)
	lv.depth = lv.loops.depth
	ar.blockWeights = blockWeights(f, lv.depth, ar.blockWeights)
	lv.weight = ar.blockWeights
	liveOut := lv.dataflow(f, ar)
	// Most intervals have a range or two and a few uses: they start in
	// shared arrays and move out only when they grow past that. They
	// take their places in the order they come, not by register: a
	// large function leaves many of its registers unused (40% of
	// ed25519's largest), and the arrays hold places for the used
	// ones alone.
	ar.reserve(lv.numUsed, ar.totalUses)
	slab, rangeArena, useArena, weightArena := ar.slab, ar.ranges, ar.uses, ar.weights
	numUses := ar.numUses
	taken, usesTaken := 0, 0
	get := func(v VReg) *interval {
		iv := lv.ivs[v]
		if iv == nil {
			k, u, nu := taken, usesTaken, int(numUses[v])
			taken++
			usesTaken += nu
			// cum has an entry more than uses (finishUses): the
			// intervals before this one took one more each.
			w := u + k
			iv = &slab[k]
			*iv = interval{v: v, root: v, class: f.Classes[v], hintReg: -1, hintOp: -1, hintAlt: -1, hintCopy: -1,
				ranges: rangeArena[k*rangesEach : k*rangesEach : (k+1)*rangesEach],
				uses:   useArena[u:u:(u + nu)],
				cum:    weightArena[w:w:(w + nu + 1)]}
			lv.ivs[v] = iv
		}
		return iv
	}
	// The range a block's live-out set gives a global value goes to a
	// dense head per global, which enters the value's interval (as its
	// earliest range, where the backward walk works) only when an
	// instruction touches the value, a gap ends the run of blocks, or
	// the walk ends. The heads that the block walked last extended are
	// the set run; a value in run that the next block's live-out set
	// holds as well extends its head to that block without a visit (the
	// head's start is set from blockFrom when the value leaves run), so
	// a value live through many blocks costs a bit of a word operation
	// per block, and only the values whose run starts or ends are
	// visited.
	ng := len(lv.globals)
	ar.heads, ar.open, ar.run = resize(ar.heads, ng), cleared(ar.open, ng), cleared(ar.run, (ng+63)/64)
	heads, open, run := ar.heads, ar.open, ar.run
	var blockFrom int32 // the start of the block walked last
	flush := func(g int32) {
		if run.has(VReg(g)) {
			heads[g].from = blockFrom
			run[g/64] &^= 1 << (uint(g) % 64)
		}
		iv := get(lv.globals[g])
		iv.ranges = append(iv.ranges, heads[g])
		open[g] = false
	}
	touch := func(v VReg) *interval {
		if g := lv.globalIndex[v]; g >= 0 && open[g] {
			flush(g)
		}
		return get(v)
	}
	liveOutRange := func(g VReg, from, to int32) {
		if open[g] {
			if h := &heads[g]; h.from <= to {
				h.from, h.to = min(h.from, from), max(h.to, to)
				return
			}
			flush(int32(g))
		}
		iv := get(lv.globals[g])
		iv.addRangeReverse(from, to)
		k := len(iv.ranges) - 1
		heads[g], iv.ranges, open[g] = iv.ranges[k], iv.ranges[:k], true
	}
	var w float64       // the weight of the uses in the block at hand
	var copies []copyAt // the edges' moves, last first
	def := func(v VReg, pos int32) {
		iv := touch(v)
		lv.numDefs[v]++
		lv.defPos[v] = pos
		if k := len(iv.ranges) - 1; k >= 0 && iv.ranges[k].from <= pos {
			iv.ranges[k].from = pos
		} else {
			iv.addRangeReverse(pos, pos+1)
		}
		iv.addUseReverse(pos, w)
	}
	for b := nb - 1; b >= 0; b-- {
		blk := &f.Blocks[b]
		from, to := 2*lv.entry[b], lv.blockEnd(b)
		w = lv.weight[b]
		for i, out := range liveOut[b] {
			// The runs that end here keep their heads open, from the
			// block walked last; those that start here get theirs.
			for ended := run[i] &^ out; ended != 0; ended &= ended - 1 {
				heads[i*64+bits.TrailingZeros64(ended)].from = blockFrom
			}
			for fresh := out &^ run[i]; fresh != 0; fresh &= fresh - 1 {
				liveOutRange(VReg(i*64+bits.TrailingZeros64(fresh)), from, to)
			}
			run[i] = out
		}
		blockFrom = from
		for i := len(blk.Instrs) - 1; i >= 0; i-- {
			in := &blk.Instrs[i]
			rd := 2 * (lv.entry[b] + 1 + int32(i))
			if in.Call {
				lv.calls = append(lv.calls, rd+1)
			}
			if len(in.Clobbers) > 0 {
				lv.clobbers = append(lv.clobbers, clobberAt{rd, in.Clobbers})
			}
			for _, c := range in.Copies {
				copies = append(copies, copyAt{c, rd, w, onlyCopied(in, c.Src)})
			}
			for _, d := range in.Defs {
				def(d, rd+1)
			}
			if in.Tied && len(in.Defs) > 0 && len(in.Uses) > 0 {
				iv := touch(in.Defs[0])
				iv.hintOp, iv.hintPos = in.Uses[0], rd
				if in.Commutes && len(in.Uses) > 1 {
					iv.hintAlt = in.Uses[1]
				}
			}
			for j, u := range in.Uses {
				// An operand that the result may overwrite is read
				// before the write; the others are live across it.
				end := rd + 2
				if in.Call || in.Tied && j == 0 || in.Commutes && j == 1 {
					end = rd + 1
				}
				iv := touch(u)
				iv.addRangeReverse(from, end)
				iv.addUseReverse(rd, w)
			}
		}
		for _, p := range blk.Params {
			def(p, from+1)
		}
	}
	for g, o := range open {
		if o {
			flush(int32(g))
		}
	}
	slices.Reverse(lv.calls)
	slices.Reverse(lv.clobbers)
	for _, iv := range lv.ivs {
		if iv != nil {
			iv.finishUses()
		}
	}
	// The pinned registers are looked up once each, not per interval.
	for v, r := range f.Fixed {
		if iv := lv.ivs[v]; iv != nil {
			iv.fixed, iv.loc, iv.hasLoc = true, Location{Reg: r}, true
		}
	}
	lv.copyHints(copies, ar)
	return lv
}

// copyAt is a move an edge makes, with the position the branch reads at
// and its weight (the block's).
type copyAt struct {
	c   Copy
	pos int32
	w   float64
	// only says that the branch reads c.Src for its edges' copies alone.
	only bool
}

// copyOut is a copy of a value into another one that a branch's edge
// makes: the branch's read position, the destination, and whether the
// branch reads the value for its copies alone.
type copyOut struct {
	pos  int32
	dst  VReg
	only bool
}

// maxCopiesCounted bounds the copies of one branch that onlyCopied looks
// through (a br_table's edges can pass many).
const maxCopiesCounted = 64

// onlyCopied says whether in reads v only as the source of its copies
// into other values.
func onlyCopied(in *Instr, v VReg) bool {
	if len(in.Copies) > maxCopiesCounted {
		return false
	}
	n := 0
	for _, u := range in.Uses {
		if u == v {
			n++
		}
	}
	for _, c := range in.Copies {
		if c.Src == v {
			if c.Dst == v {
				return false
			}
			n--
		}
	}
	return n == 0
}

// partner is a value an edge copies another one into or out of, with the
// weight of the copy (its block's).
type partner struct {
	v VReg
	w float64
}

// copyHints relates the block parameters and the values passed to them
// (copies, last first): a parameter hints at the register of the value
// passed to it by the heaviest copy before its start (the first, by
// position, among equals; the first of all when none is before it), and a
// value passed at the register the parameter takes on entry, so that, for
// example, a loop's back edge leaves its values where the header expects
// them. It also records every such pair in lv.partners, for the choice of
// spill slots. Its scratch (one weight per virtual register) and the
// lists' tables per register are ar's.
func (lv *liveness) copyHints(copies []copyAt, ar *arenas) {
	partners := perVRegBuilder[partner]{bufs: &ar.partnerTables}
	copyOuts := perVRegBuilder[copyOut]{bufs: &ar.copyOutTables}
	n := len(lv.ivs)
	for k := len(copies) - 1; k >= 0; k-- {
		if c := copies[k].c; lv.related(c) {
			partners.count(c.Dst, n)
			partners.count(c.Src, n)
			copyOuts.count(c.Src, n)
		}
	}
	partners.allocate(&lv.partners)
	copyOuts.allocate(&lv.copyOuts)
	ar.hintW = cleared(ar.hintW, n)
	hintW := ar.hintW // per parameter, the weight of the copy it hints at
	for k := len(copies) - 1; k >= 0; k-- {
		c := copies[k]
		if !lv.related(c.c) {
			continue
		}
		d, s := lv.ivs[c.c.Dst], lv.ivs[c.c.Src]
		partners.add(c.c.Dst, partner{c.c.Src, c.w})
		partners.add(c.c.Src, partner{c.c.Dst, c.w})
		copyOuts.add(c.c.Src, copyOut{c.pos, c.c.Dst, c.only})
		// In a loop, of the copies made before the parameter starts
		// (whose sources the scan has placed by then), the heaviest, the
		// first among equals: where a loop's hot and rare paths join,
		// the joined values take the hot path's registers. (Outside
		// loops the join runs once, and a rare path moving its value
		// into the hot path's callee-saved register would need the
		// frame that shrink-wrapping spares it.)
		if d.hintCopy < 0 || c.pos < d.start() && c.w > hintW[c.c.Dst] && lv.depth[lv.blockAt(d.start())] > 0 {
			d.hintCopy, d.hintCopyPos = c.c.Src, c.pos
			hintW[c.c.Dst] = c.w
		}
		if s.hintCopy < 0 {
			s.hintCopy, s.hintCopyPos = c.c.Dst, d.start()
		}
	}
}

// related says whether copy c relates two values for copyHints: distinct
// ones with intervals, of one class.
func (lv *liveness) related(c Copy) bool {
	if c.Dst == c.Src {
		return false
	}
	d, s := lv.ivs[c.Dst], lv.ivs[c.Src]
	return d != nil && s != nil && d.class == s.class
}

// dataflow computes the values live into each block (lv.liveIn) and out
// of it (returned), as sets over lv.globals. The sets live in ar.sets,
// reused from function to function: a large function has thousands of
// blocks and of globals, and four sets per block.
func (lv *liveness) dataflow(f *Function, ar *arenas) []bitset {
	n := len(f.Classes)
	nb := len(f.Blocks)
	// Only values that cross a block boundary need the data flow: a
	// value defined and used in one block, never before its definition,
	// is local, and its own instructions bound its interval. Most values
	// are local, so the sets are numbered over the others (globals).
	gidx, used := globalValues(f, n, ar)
	lv.globalIndex, lv.numUsed = gidx, used
	lv.globals = ar.globals[:0]
	for v, g := range gidx {
		if g >= 0 {
			lv.globals = append(lv.globals, VReg(v))
		}
	}
	ar.globals = lv.globals
	ng := len(lv.globals)
	words := (ng + 63) / 64
	// gen: used before any definition in the block; kill: defined in it.
	ar.sets = cleared(ar.sets, 4*nb*words)
	ar.setHeads = resize(ar.setHeads, 4*nb)
	set := func(k int) bitset { return ar.sets[k*words : (k+1)*words : (k+1)*words] }
	gen, kill, liveIn, liveOut := ar.setHeads[:nb], ar.setHeads[nb:2*nb], ar.setHeads[2*nb:3*nb], ar.setHeads[3*nb:]
	for b := range nb {
		gen[b], kill[b], liveIn[b], liveOut[b] = set(b), set(nb+b), set(2*nb+b), set(3*nb+b)
	}
	// The words of each block's gen, live-in and live-out sets that may
	// be non-zero: a large function's sets are sparse, and the rounds
	// below walk those words alone.
	ar.setWords = resize(ar.setWords, 3*nb)
	for k := range ar.setWords {
		ar.setWords[k] = wordRange{int32(words), 0}
	}
	genWords, inWords, outWords := ar.setWords[:nb], ar.setWords[nb:2*nb], ar.setWords[2*nb:]
	for b := range f.Blocks {
		for _, p := range f.Blocks[b].Params {
			if g := gidx[p]; g >= 0 {
				kill[b].add(VReg(g))
			}
		}
		for _, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				if g := gidx[u]; g >= 0 && !kill[b].has(VReg(g)) {
					gen[b].add(VReg(g))
					genWords[b].include(g / 64)
				}
			}
			for _, d := range in.Defs {
				if g := gidx[d]; g >= 0 {
					kill[b].add(VReg(g))
				}
			}
		}
	}
	// Rounds over the blocks, last first, until nothing changes; a
	// block is visited again only when the live-in set of one of its
	// successors grew (pending), which after the first round is the
	// blocks of loops alone.
	predStart, preds := ar.predStart, ar.preds // buildIntervals's predecessors
	ar.pending = resize(ar.pending, nb)
	pending := ar.pending
	for b := range pending {
		pending[b] = true
	}
	for changed := true; changed; {
		changed = false
		for b := nb - 1; b >= 0; b-- {
			if !pending[b] {
				continue
			}
			pending[b] = false
			for _, s := range f.Blocks[b].Succs {
				w := inWords[s]
				if w.lo < w.hi {
					liveOut[b][w.lo:w.hi].union(liveIn[s][w.lo:w.hi])
					outWords[b].cover(w)
				}
			}
			// in = gen | (out &^ kill): out only grows, so in does,
			// and a word that differs has grown. Outside gen's and
			// out's words, in is zero.
			in, gb, kb, ob := liveIn[b], gen[b], kill[b], liveOut[b]
			w := genWords[b]
			w.cover(outWords[b])
			inWords[b] = w
			grew := false
			for i := w.lo; i < w.hi; i++ {
				if n := gb[i] | (ob[i] &^ kb[i]); n != in[i] {
					in[i], grew = n, true
				}
			}
			if grew {
				changed = true
				for _, p := range preds[predStart[b]:predStart[b+1]] {
					pending[p] = true
				}
			}
		}
	}
	lv.liveIn = liveIn
	return liveOut
}

// wordRange is the words [lo, hi) of a bitset that may be non-zero
// (none when lo >= hi).
type wordRange struct{ lo, hi int32 }

// include widens r to word k.
func (r *wordRange) include(k int32) {
	r.lo, r.hi = min(r.lo, k), max(r.hi, k+1)
}

// cover widens r to o's words.
func (r *wordRange) cover(o wordRange) {
	if o.lo < o.hi {
		r.lo, r.hi = min(r.lo, o.lo), max(r.hi, o.hi)
	}
}

// predecessors lists each block's predecessors: those of block b are
// preds[start[b]:start[b+1]]. The arrays are ar's.
func predecessors(f *Function, ar *arenas) (start, preds []int32) {
	nb := len(f.Blocks)
	start = cleared(ar.predStart, nb+1)
	for b := range f.Blocks {
		for _, s := range f.Blocks[b].Succs {
			start[s]++
		}
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1] // the end of b's list
	}
	preds = resize(ar.preds, int(start[nb]))
	for b := nb - 1; b >= 0; b-- {
		for _, s := range f.Blocks[b].Succs {
			start[s]--
			preds[start[s]] = int32(b)
		}
	}
	ar.predStart, ar.preds = start, preds
	return start, preds
}

// globalValues numbers the virtual registers that are live across a block
// boundary (used in a block other than the one defining them, defined in
// several blocks, or used before their definition in a block); the others
// get -1. It also counts the virtual registers that the function
// mentions at all. Its tables are ar's.
//
// It counts as well, per virtual register, the places that read or
// write it (ar.numUses; a register read twice by one instruction counts
// twice), and their total (ar.totalUses): buildIntervals gives each
// interval room for that many uses.
func globalValues(f *Function, n int, ar *arenas) (gidx []int32, used int) {
	ar.numUses = cleared(ar.numUses, n)
	numUses, total := ar.numUses, 0
	ar.defBlock = resize(ar.defBlock, n)
	defBlock := ar.defBlock
	for i := range defBlock {
		defBlock[i] = -1
	}
	ar.global = cleared(ar.global, n)
	global := ar.global
	def := func(d VReg, b int) {
		numUses[d]++
		switch defBlock[d] {
		case -1:
			defBlock[d] = int32(b)
		case int32(b):
		default:
			global[d] = true
		}
	}
	for b := range f.Blocks {
		for _, p := range f.Blocks[b].Params {
			def(p, b)
		}
		total += len(f.Blocks[b].Params)
		for _, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				numUses[u]++
				if defBlock[u] != int32(b) {
					global[u] = true
				}
			}
			for _, d := range in.Defs {
				def(d, b)
			}
			total += len(in.Uses) + len(in.Defs)
		}
	}
	ar.totalUses = total
	ar.gidx = resize(ar.gidx, n)
	gidx = ar.gidx
	next := int32(0)
	for v := range gidx {
		gidx[v] = -1
		if global[v] {
			gidx[v] = next
			next++
		}
		// Every register an instruction or a block mentions is
		// defined somewhere or used outside its block of definition.
		if global[v] || defBlock[v] >= 0 {
			used++
		}
	}
	return gidx, used
}
