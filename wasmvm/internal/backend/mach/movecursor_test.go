package mach

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// TestMoveCursorMatchesMoves checks that the cursor finds, at every
// position asked in order, the positions the allocation's map of moves
// lists, also when the map holds positions the walk never asks (past a
// block's end) or an empty list.
func TestMoveCursorMatchesMoves(t *testing.T) {
	moves := map[[2]int][]regalloc.Copy{
		{0, 0}: {{Dst: 1, Src: 2}},
		{0, 3}: {{Dst: 3, Src: 4}, {Dst: 5, Src: 6}},
		{0, 9}: {{Dst: 7, Src: 8}}, // past block 0's instructions
		{2, 1}: {},
		{2, 2}: {{Dst: 9, Src: 10}},
		{5, 0}: {{Dst: 11, Src: 12}}, // past the last block
	}
	a := &Allocation{Res: &regalloc.Result{Moves: moves}}
	sizes := []int{4, 0, 3, 1}
	c := a.MoveCursor()
	for b, n := range sizes {
		for i := range n {
			_, listed := moves[[2]int{b, i}]
			if got := c.At(b, i); got != listed {
				t.Errorf("block %d index %d: At says %v, the map %v", b, i, got, listed)
			}
		}
	}
}
