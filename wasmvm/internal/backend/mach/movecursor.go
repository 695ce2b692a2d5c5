package mach

import (
	"cmp"
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
	points [][2]int // block, index; ascending
	next   int
}

// MoveCursor returns a cursor over a's positions with moves, at the
// start of the function.
func (a *Allocation) MoveCursor() MoveCursor {
	points := make([][2]int, 0, len(a.Res.Moves))
	for at := range a.Res.Moves {
		points = append(points, at)
	}
	slices.SortFunc(points, func(x, y [2]int) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
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
	for c.next < len(c.points) {
		p := c.points[c.next]
		if p[0] > block || p[0] == block && p[1] > index {
			return false
		}
		c.next++
		if p[0] == block && p[1] == index {
			return true
		}
	}
	return false
}
