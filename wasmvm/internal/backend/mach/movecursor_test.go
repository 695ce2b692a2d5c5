package mach

import (
	"reflect"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// TestMoveCursorMatchesMovesBefore checks that the cursor gives, at every
// position asked in order, what MovesBefore gives, also when the map
// holds positions the walk never asks (past a block's end) or an empty
// list.
func TestMoveCursorMatchesMovesBefore(t *testing.T) {
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
			wd, ws := a.MovesBefore(b, i)
			gd, gs := c.MovesBefore(b, i)
			if !reflect.DeepEqual(wd, gd) || !reflect.DeepEqual(ws, gs) {
				t.Errorf("block %d index %d: cursor %v <- %v, want %v <- %v", b, i, gd, gs, wd, ws)
			}
		}
	}
}
