package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// TestThreadedStopsAtSplitMoves checks that jump threading passes blocks
// that only jump, but not one where the allocator moves a value between
// its pieces (to or from its slot) before the jump: jumping past it
// skipped a spill in libsodium's HMAC and read a stale slot.
func TestThreadedStopsAtSplitMoves(t *testing.T) {
	jump := func(to int) Block {
		m := mi(OpJump)
		m.Edges = []Edge{{Target: to}}
		return Block{Instrs: []Instr{m}, Succs: []int{to}}
	}
	ret := Block{Instrs: []Instr{mi(OpRet)}}
	a := &Allocation{
		Func: &Func{Blocks: []Block{jump(1), jump(2), jump(3), ret}},
		Res:  &regalloc.Result{Moves: map[[2]int][]regalloc.Copy{{2, 0}: {{Dst: 1, Src: 0}}}},
	}
	headers := make([]bool, 4)
	require.Equal(t, 2, a.Threaded(1, headers), "block 1 only jumps; block 2 spills")
	require.Equal(t, 3, a.Threaded(3, headers))
	a.Res.Moves = nil
	require.Equal(t, 3, a.Threaded(0, headers), "with no moves, every jump is threaded")
}
