package regalloc

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
)

// pendingMove is a move between two pieces of a value, inside a block
// (before instruction at) or on the edge at.
type pendingMove struct {
	at    [2]int
	edge  bool
	c     Copy
	root  VReg
	store bool // to the slot from a register
	cost  float64
	drop  bool
}

// resolve numbers the pieces, makes the result's locations and lists the
// moves between pieces: where a piece starts inside a block after another
// that is live up to there, and on every edge where a value live into the
// target is in another piece at the end of the source.
func (a *allocator) resolve() *Result {
	n := len(a.f.Classes)
	lv := a.lv
	total := 0 // the pieces of all split registers
	for _, ps := range a.pieces {
		total += len(ps)
	}
	// Room for every register's location and every piece split off.
	res := &Result{Locations: make([]Location, n, n+total-countSplit(a.pieces)), numVRegs: n, entry: lv.entry}
	split := false
	for v, iv := range lv.ivs {
		if iv != nil {
			iv.v = VReg(v)
			res.Locations[v] = iv.loc
		}
	}
	if total > 0 {
		split = true
		res.pieceOf = make([]pieceList, n)
		res.pieceStart, res.pieceVRegs = make([]int32, 0, total), make([]VReg, 0, total)
	}
	for v, ps := range a.pieces {
		if ps == nil {
			continue
		}
		res.pieceOf[v] = pieceList{int32(len(res.pieceStart)), int32(len(ps))}
		res.pieceStart, res.pieceVRegs = append(res.pieceStart, ps[0].key), append(res.pieceVRegs, VReg(v))
		for _, p := range ps[1:] {
			p.v = VReg(len(res.Locations))
			res.Locations = append(res.Locations, p.loc)
			res.Origin = append(res.Origin, VReg(v))
			res.pieceStart, res.pieceVRegs = append(res.pieceStart, p.key), append(res.pieceVRegs, p.v)
		}
	}
	for c := range res.NumSlots {
		res.NumSlots[c] = a.slots[c].count()
	}
	if !split {
		return res
	}
	moves := a.ar.moves[:0] // reused from function to function
	add := func(m pendingMove, from, to *interval) {
		if from.loc == to.loc {
			return
		}
		m.c, m.root = Copy{Dst: to.v, Src: from.v}, from.root
		m.store = to.loc.Spilled && !from.loc.Spilled
		moves = append(moves, m)
	}
	for _, ps := range a.pieces {
		for k := 1; k < len(ps); k++ {
			s := ps[k].key
			b := a.blockOf(s)
			i := int(s/2 - lv.entry[b] - 1)
			if i < 0 || !ps[k-1].covers(s-1) || !ps[k].covers(s) {
				continue // at a block start, or in a hole: no move here
			}
			add(pendingMove{at: [2]int{b, i}, cost: lv.weight[b]}, ps[k-1], ps[k])
		}
	}
	words := (len(lv.globals) + 63) / 64
	a.ar.resolveSets = cleared(a.ar.resolveSets, 2*words)
	splitGlobals, live := a.ar.resolveSets[:words:words], a.ar.resolveSets[words:]
	for g, v := range lv.globals {
		if a.pieces[v] != nil {
			splitGlobals.add(VReg(g))
		}
	}
	bounds := a.pieceBounds()
	var crossing []VReg
	for p := range a.f.Blocks {
		end := lv.blockEnd(p) - 1
		for j, s := range a.f.Blocks[p].Succs {
			if containsBefore(a.f.Blocks[p].Succs, j, s) {
				continue
			}
			start := 2 * lv.entry[s]
			count := 0
			for k := range live {
				live[k] = lv.liveIn[s][k] & splitGlobals[k]
				count += bits.OnesCount64(live[k])
			}
			edge := func(g VReg) {
				v := lv.globals[g]
				from, to := a.pieceAt(v, end), a.pieceAt(v, start)
				if from != to {
					add(pendingMove{at: [2]int{p, s}, edge: true, cost: min(lv.weight[p], lv.weight[s])}, from, to)
				}
			}
			// A value live across the edge is in two pieces on its two
			// ends when one of its pieces starts between them: look at
			// those values alone when they are fewer than the live ones.
			var few bool
			if crossing, few = bounds.between(min(end, start), max(end, start), live, count, crossing[:0]); few {
				for _, g := range crossing {
					edge(g)
				}
			} else {
				live.each(edge)
			}
		}
	}
	moves = a.storeAtDefinition(moves)
	a.ar.moves = moves
	// The maps get room for every move up front: grown by doubling, a
	// large function's would be copied a dozen times.
	inBlocks, onEdges := 0, 0
	for _, m := range moves {
		switch {
		case m.drop:
		case m.edge:
			onEdges++
		default:
			inBlocks++
		}
	}
	res.Moves, res.EdgeMoves = make(map[[2]int][]Copy, inBlocks), make(map[[2]int][]Copy, onEdges)
	for _, m := range moves {
		switch {
		case m.drop:
		case m.edge:
			res.EdgeMoves[m.at] = append(res.EdgeMoves[m.at], m.c)
		default:
			res.Moves[m.at] = append(res.Moves[m.at], m.c)
		}
	}
	return res
}

// countSplit counts the virtual registers split into pieces.
func countSplit(pieces [][]*interval) int {
	n := 0
	for _, ps := range pieces {
		if ps != nil {
			n++
		}
	}
	return n
}

// storeAtDefinition stores a value defined in one place into its slot
// once, right after its definition, instead of at every move of it from a
// register into the slot, where that costs less by the blocks' weights; a value
// defined straight into its slot needs none of those stores at all. The
// slot belongs to the value alone, so it stays valid. A value defined in
// a loop and stored by one move in the same innermost loop keeps that
// move (see oneStoreInLoop).
func (a *allocator) storeAtDefinition(moves []pendingMove) []pendingMove {
	a.ar.storeCost = cleared(a.ar.storeCost, len(a.f.Classes))
	a.ar.storeBlock = resize(a.ar.storeBlock, len(a.f.Classes))
	a.ar.storedAtDef = cleared(a.ar.storedAtDef, len(a.f.Classes))
	storeCost, storeBlock, stored := a.ar.storeCost, a.ar.storeBlock, a.ar.storedAtDef // stored: values stored at their definition
	var roots []VReg
	for _, m := range moves {
		if m.store {
			if storeCost[m.root] == 0 {
				roots = append(roots, m.root)
				storeBlock[m.root] = int32(m.at[0])
			} else {
				storeBlock[m.root] = manyStores
			}
			storeCost[m.root] += m.cost
		}
	}
	for _, v := range roots {
		cost := storeCost[v]
		if a.lv.numDefs[v] != 1 {
			continue
		}
		def := a.lv.defPos[v]
		defPiece := a.pieceAt(v, def)
		if defPiece == nil || !defPiece.covers(def) {
			continue
		}
		if !defPiece.loc.Spilled {
			// The store goes before the next instruction of the block,
			// if the definition is not its last.
			b := a.blockOf(def)
			i := int((def+1)/2 - a.lv.entry[b] - 1)
			if i >= len(a.f.Blocks[b].Instrs) || a.lv.weight[b] > cost || a.oneStoreInLoop(b, storeBlock[v]) {
				continue
			}
			var slotPiece *interval
			for _, p := range a.pieces[v] {
				if p.loc.Spilled {
					slotPiece = p
					break
				}
			}
			moves = append(moves, pendingMove{at: [2]int{b, i}, c: Copy{Dst: slotPiece.v, Src: defPiece.v}, root: v})
		}
		stored[v] = true
	}
	for k := range moves {
		if moves[k].store && stored[moves[k].root] {
			moves[k].drop = true
		}
	}
	a.dropDominatedStores(moves)
	return moves
}

// dropDominatedStores drops the stores of a value into its slot that
// another store of it, inside a block, precedes on every path from the
// value's definition: the slot belongs to the value alone over its
// lifetime, so it still holds the value there. (A path of calls stores
// the values live across them before each call otherwise, although the
// first store put them in their slots.) The value must have one
// definition; the earlier store dominates the later (in the later one's
// block before it, or in a block dominating the later one's or, for a
// store on an edge, its source), and the definition dominates the
// earlier one, so every path from the definition to the later store
// passes the earlier one.
func (a *allocator) dropDominatedStores(moves []pendingMove) {
	var stores []int // the stores left, by index in moves
	for k, m := range moves {
		if m.store && !m.drop && a.lv.numDefs[m.root] == 1 {
			stores = append(stores, k)
		}
	}
	if len(stores) < 2 {
		return
	}
	// Grouped by value, the stores inside blocks (which may precede
	// others) first.
	slices.SortStableFunc(stores, func(x, y int) int {
		if c := cmp.Compare(moves[x].root, moves[y].root); c != 0 {
			return c
		}
		return cmp.Compare(b2i(moves[x].edge), b2i(moves[y].edge))
	})
	var idom []int
	for i := 0; i < len(stores); {
		j := i + 1
		for j < len(stores) && moves[stores[j]].root == moves[stores[i]].root {
			j++
		}
		for _, k := range stores[i:j] {
			m := &moves[k]
			for _, e := range stores[i:j] {
				d := moves[e]
				if e == k || d.edge {
					continue
				}
				b := m.at[0] // the block the store is in, or the edge's source
				if d.at[0] == b {
					if m.edge || d.at[1] < m.at[1] {
						m.drop = true
						break
					}
					continue
				}
				if idom == nil {
					idom = dominators(a.f)
				}
				if dominates(idom, d.at[0], b) {
					m.drop = true
					break
				}
			}
		}
		i = j
	}
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// manyStores marks, in storeAtDefinition, a value stored by several
// moves.
const manyStores = -1

// oneStoreInLoop reports whether a value defined in block def, inside a
// loop, and stored into its slot by one move only, made in block at (on
// an edge: in its source), is better stored by that move than at its
// definition. It is when at lies in the same innermost loop as def: a
// value defined in a loop is live for one iteration of it at most (a
// value live around the back edge is the header's parameter, defined
// anew on each iteration), so the move runs at most as often as the
// definition, and less where it is on a rarer path (the path that calls,
// past the hot test of a search loop, stores a header parameter its call
// needs in the slot; at the definition the store ran on every iteration).
func (a *allocator) oneStoreInLoop(def int, at int32) bool {
	inner := a.lv.loops.inner
	return at != manyStores && inner[def] >= 0 && inner[at] == inner[def]
}

// containsBefore says whether s occurs in succs before index j.
func containsBefore(succs []int, j, s int) bool {
	for _, t := range succs[:j] {
		if t == s {
			return true
		}
	}
	return false
}

// pieceBound is where a piece split off a value that crosses block
// boundaries starts: g is the value's number among the globals.
type pieceBound struct {
	pos int32
	g   VReg
}

// pieceBounds lists where the pieces split off global values start, by
// position.
type pieceBounds []pieceBound

// pieceBounds returns the starts of the pieces split off global values, in
// ascending order of position, in an array reused from function to
// function.
func (a *allocator) pieceBounds() pieceBounds {
	bs := a.ar.bounds[:0]
	for g, v := range a.lv.globals {
		for _, p := range a.pieces[v][min(1, len(a.pieces[v])):] {
			bs = append(bs, pieceBound{p.key, VReg(g)})
		}
	}
	slices.SortFunc(bs, func(x, y pieceBound) int { return int(x.pos - y.pos) })
	a.ar.bounds = bs
	return bs
}

// between returns, in ascending order and appended to out, the values of
// live with a piece starting in (lo, hi], and true, when there are fewer
// such piece starts than live values (count); otherwise false.
func (bs pieceBounds) between(lo, hi int32, live bitset, count int, out []VReg) ([]VReg, bool) {
	i := sort.Search(len(bs), func(k int) bool { return bs[k].pos > lo })
	j := i + sort.Search(len(bs)-i, func(k int) bool { return bs[i+k].pos > hi })
	if j-i >= count {
		return out, false
	}
	for _, b := range bs[i:j] {
		if live.has(b.g) {
			out = append(out, b.g)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), true
}
