package regalloc

import "math/bits"

// bitset is a set of virtual registers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (s bitset) add(v VReg)        { s[v/64] |= 1 << (uint(v) % 64) }
func (s bitset) remove(v VReg)     { s[v/64] &^= 1 << (uint(v) % 64) }
func (s bitset) has(v VReg) bool   { return s[v/64]&(1<<(uint(v)%64)) != 0 }
func (s bitset) copyFrom(o bitset) { copy(s, o) }
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

// callSite is where a call instruction is: its position in the numbering
// and its block and index.
type callSite struct{ pos, block, instr int }

// liveIntervals numbers the instructions in layout order and returns one
// interval per virtual register (start -1 for registers never used) and
// the calls, by ascending position.
func liveIntervals(f *Function) ([]interval, []callSite) {
	n := len(f.Classes)
	nb := len(f.Blocks)
	// Only values that cross a block boundary need the data flow: a
	// value defined and used in one block, never before its definition,
	// is local, and its own instructions bound its interval. Most values
	// are local, so the sets are numbered over the others (globals).
	gidx := globalValues(f, n)
	var globals []VReg
	for v, g := range gidx {
		if g >= 0 {
			globals = append(globals, VReg(v))
		}
	}
	ng := len(globals)
	gen := make([]bitset, nb)  // used before any definition in the block
	kill := make([]bitset, nb) // defined in the block
	for b := range f.Blocks {
		gen[b], kill[b] = newBitset(ng), newBitset(ng)
		for _, p := range f.Blocks[b].Params {
			if g := gidx[p]; g >= 0 {
				kill[b].add(VReg(g))
			}
		}
		for _, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				if g := gidx[u]; g >= 0 && !kill[b].has(VReg(g)) {
					gen[b].add(VReg(g))
				}
			}
			for _, d := range in.Defs {
				if g := gidx[d]; g >= 0 {
					kill[b].add(VReg(g))
				}
			}
		}
	}
	liveIn, liveOut := make([]bitset, nb), make([]bitset, nb)
	for b := range liveIn {
		liveIn[b], liveOut[b] = newBitset(ng), newBitset(ng)
	}
	tmp := newBitset(ng)
	for changed := true; changed; {
		changed = false
		for b := nb - 1; b >= 0; b-- {
			for _, s := range f.Blocks[b].Succs {
				liveOut[b].union(liveIn[s])
			}
			// in = gen | (out &^ kill)
			for i := range tmp {
				tmp[i] = gen[b][i] | (liveOut[b][i] &^ kill[b][i])
			}
			if liveIn[b].union(tmp) {
				changed = true
			}
		}
	}

	ivs := make([]interval, n)
	for i := range ivs {
		ivs[i] = interval{v: VReg(i), start: -1, end: -1, tiedTo: -1, tiedAlt: -1}
	}
	touch := func(v VReg, pos int) {
		iv := &ivs[v]
		if iv.start < 0 || pos < iv.start {
			iv.start = pos
		}
		if pos > iv.end {
			iv.end = pos
		}
	}
	// Each block has an entry position before its first instruction, so
	// that a value live into a block whose first instruction is a call
	// is seen to span that call; instructions take the positions after.
	var calls []callSite
	pos := 0
	for b := range f.Blocks {
		entry := pos
		for _, p := range f.Blocks[b].Params {
			touch(p, entry)
			ivs[p].refs++
		}
		pos++
		for i, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				touch(u, pos)
				ivs[u].refs++
			}
			for _, d := range in.Defs {
				touch(d, pos)
				ivs[d].refs++
			}
			if in.Tied && len(in.Defs) > 0 && len(in.Uses) > 0 {
				ivs[in.Defs[0]].tiedTo = in.Uses[0]
				if in.Commutes && len(in.Uses) > 1 {
					ivs[in.Defs[0]].tiedAlt = in.Uses[1]
				}
			}
			if in.Call {
				calls = append(calls, callSite{pos, b, i})
			}
			pos++
		}
		end := max(pos-1, entry)
		liveIn[b].each(func(g VReg) { touch(globals[g], entry) })
		liveOut[b].each(func(g VReg) { touch(globals[g], end) })
	}
	return ivs, calls
}

// globalValues numbers the virtual registers that are live across a block
// boundary (used in a block other than the one defining them, defined in
// several blocks, or used before their definition in a block); the others
// get -1.
func globalValues(f *Function, n int) []int32 {
	defBlock := make([]int32, n)
	for i := range defBlock {
		defBlock[i] = -1
	}
	global := make([]bool, n)
	def := func(d VReg, b int) {
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
		for _, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				if defBlock[u] != int32(b) {
					global[u] = true
				}
			}
			for _, d := range in.Defs {
				def(d, b)
			}
		}
	}
	gidx := make([]int32, n)
	next := int32(0)
	for v := range gidx {
		gidx[v] = -1
		if global[v] {
			gidx[v] = next
			next++
		}
	}
	return gidx
}
