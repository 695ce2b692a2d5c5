package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// MoveCursor walks the positions of a function that have moves between
// pieces of split values before them (MovesBefore), in the order an
// emitter visits the instructions: the emitter asks it at every
// instruction, instead of looking every position up in the allocation's
// map of moves (one hash of two ints per machine instruction).
type MoveCursor struct {
	a      *Allocation
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
	return MoveCursor{a: a, points: points}
}

// MovesBefore is the allocation's MovesBefore(block, index), for
// positions asked in ascending order (block, then index; the ones not
// asked are passed over).
func (c *MoveCursor) MovesBefore(block, index int) (dsts, srcs []regalloc.VReg) {
	if !c.at(block, index) {
		return nil, nil
	}
	return c.a.MovesBefore(block, index)
}

// at reports whether instruction index of block may have moves before
// it, and moves past it.
func (c *MoveCursor) at(block, index int) bool {
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
