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
	gen := make([]bitset, nb)  // used before any definition in the block
	kill := make([]bitset, nb) // defined in the block
	for b := range f.Blocks {
		gen[b], kill[b] = newBitset(n), newBitset(n)
		for _, in := range f.Blocks[b].Instrs {
			for _, u := range in.Uses {
				if !kill[b].has(u) {
					gen[b].add(u)
				}
			}
			for _, d := range in.Defs {
				kill[b].add(d)
			}
		}
	}
	liveIn, liveOut := make([]bitset, nb), make([]bitset, nb)
	for b := range liveIn {
		liveIn[b], liveOut[b] = newBitset(n), newBitset(n)
	}
	tmp := newBitset(n)
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
		ivs[i] = interval{v: VReg(i), start: -1, end: -1, tiedTo: -1}
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
			}
			if in.Call {
				calls = append(calls, callSite{pos, b, i})
			}
			pos++
		}
		end := max(pos-1, entry)
		liveIn[b].each(func(v VReg) { touch(v, entry) })
		liveOut[b].each(func(v VReg) { touch(v, end) })
	}
	return ivs, calls
}
