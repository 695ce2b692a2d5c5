package mach

import "slices"

// MoveCursor walks the positions of a function that have moves between
// pieces of split values before them (MovesBefore), in the order an
// emitter visits the instructions: the emitter asks it at every
// instruction, instead of looking every position up in the allocation's
// map of moves (one hash of two ints per machine instruction).
type MoveCursor struct {
	points []uint64 // block<<32 | index, ascending
	next   int
}

// MoveCursor returns a cursor over a's positions with moves, at the
// start of the function.
func (a *Allocation) MoveCursor() MoveCursor {
	points := make([]uint64, 0, len(a.Res.Moves))
	for at := range a.Res.Moves {
		points = append(points, position(at[0], at[1]))
	}
	slices.Sort(points)
	return MoveCursor{points: points}
}

// At reports whether instruction index of block may have moves before
// it (then the allocation's MovesBefore gives them), and moves past it.
// Positions must be asked in ascending order, block then index; the ones
// not asked are passed over. (The emitters call MovesBefore themselves,
// where it is inlined and its small result arrays stay on the stack.)
func (c *MoveCursor) At(block, index int) bool {
	at := position(block, index)
	for c.next < len(c.points) {
		p := c.points[c.next]
		if p > at {
			return false
		}
		c.next++
		if p == at {
			return true
		}
	}
	return false
}

// position packs an instruction's block and index, both below 2^32, into
// one number that orders positions as the emitters visit them.
func position(block, index int) uint64 { return uint64(block)<<32 | uint64(uint32(index)) }
