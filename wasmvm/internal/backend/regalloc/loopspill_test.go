package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEvictedAfterCallStaysOutOfLoop: v0 lives through a loop and is
// read once at its start; a call on one of the loop's paths splits it
// (in a register up to the call, its slot over it, the register after
// it); after the paths join, short temporaries need its register while
// v1..v3, read on every iteration, keep theirs. v0 then waits in its slot
// for the whole loop, its read at the loop's start taking the slot, rather
// than being loaded back into its register on the back edge.
func TestEvictedAfterCallStaysOutOfLoop(t *testing.T) {
	dense := ins([]VReg{1, 2, 3}, nil)
	f := &Function{
		Classes: make([]Class, 6),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{3}), ins(nil, []VReg{0})}, Succs: []int{1}},
			{Instrs: []Instr{ins([]VReg{0}, nil), dense}, Succs: []int{2, 3}},
			{Instrs: []Instr{{Call: true}}, Succs: []int{3}},
			{Instrs: []Instr{dense, ins(nil, []VReg{4}), ins(nil, []VReg{5}), ins([]VReg{1, 2, 3, 4, 5}, nil), dense}, Succs: []int{1, 4}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2, 3}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	require.Empty(t, res.EdgeMoves[[2]int{3, 1}], "moves on the back edge")
	at := res.Locations[res.Piece(1, 0, 0, false)]
	require.True(t, at.Spilled, "v0 is in %v at the loop's start", at)
}

// TestUnusedThroughCallingLoopStaysInSlot: v0 lives through a loop that
// calls, without a use there, while v1 and v2, read on every iteration,
// take the callee-saved registers. v0 waits in its slot from the loop's
// start to its use after the loop, rather than coming back into a
// register after each call (a load on every iteration, for nothing).
func TestUnusedThroughCallingLoopStaysInSlot(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 4),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{0})}, Succs: []int{1}},
			{Instrs: []Instr{
				ins([]VReg{1, 2}, []VReg{3}),
				{Uses: []VReg{3}, Call: true},
				ins([]VReg{1, 2}, nil),
			}, Succs: []int{1, 2}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	for i := range f.Blocks[1].Instrs {
		at := res.Locations[res.Piece(1, i, 0, false)]
		require.True(t, at.Spilled, "v0 is in %v at instruction %d of the loop", at, i)
	}
	requireNoMovesInLoop(t, res, 1)
}

// TestCalleeSavedRegisterForCallingLoop: v1 and v2 live through a loop
// that calls, without a use there, and hold the two callee-saved
// registers when the loop starts; v3, defined in the loop and read after
// its call on every iteration, takes one of them, v1 or v2 waiting in
// its slot for the loop, rather than going to its slot over each call
// and coming back after it.
func TestCalleeSavedRegisterForCallingLoop(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 5),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{0})}, Succs: []int{1}},
			{Instrs: []Instr{
				ins([]VReg{0}, []VReg{3}),
				{Uses: []VReg{0}, Defs: []VReg{4}, Call: true},
				ins([]VReg{3, 4}, []VReg{0}),
			}, Succs: []int{1, 2}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	at := res.Locations[res.Piece(1, 1, 3, false)]
	require.False(t, at.Spilled, "v3 is in its slot over the call")
	require.True(t, testRegs.CalleeSaved[at.Reg], "v3 is in r%d over the call", at.Reg)
	for at, copies := range res.Moves {
		require.NotEqual(t, 1, at[0], "moves in the loop: %v", copies)
	}
}

// TestStoreOnCallingPathInLoop: v0 is defined at the start of every
// iteration of a loop (as a header's parameter would be) and read after a
// call that one of the loop's paths makes, which it waits over in its
// slot (the callee-saved registers hold values read on every iteration).
// Its one store into the slot goes on that path, before the call, rather
// than after its definition, where it would run on every iteration.
func TestStoreOnCallingPathInLoop(t *testing.T) {
	// v1 and v2, read on every iteration and after the loop, hold the
	// two callee-saved registers.
	f := &Function{
		Classes: make([]Class, 4),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1}), ins(nil, []VReg{2})}, Succs: []int{1}},
			{Instrs: []Instr{ins(nil, []VReg{0}), ins([]VReg{0, 1, 2}, nil)}, Succs: []int{2, 3}},
			{Instrs: []Instr{{Defs: []VReg{3}, Call: true}, ins([]VReg{0, 3}, nil)}, Succs: []int{3}},
			{Instrs: []Instr{ins([]VReg{1, 2}, nil)}, Succs: []int{1, 4}},
			{Instrs: []Instr{ins([]VReg{1, 2}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	origin := func(v VReg) VReg {
		if int(v) < len(f.Classes) {
			return v
		}
		return res.Origin[int(v)-len(f.Classes)]
	}
	stores := func(copies []Copy) bool {
		for _, c := range copies {
			if origin(c.Dst) == 0 && res.Locations[c.Dst].Spilled && !res.Locations[c.Src].Spilled {
				return true
			}
		}
		return false
	}
	for at, copies := range res.Moves {
		require.False(t, at[0] == 1 && stores(copies), "v0 stored after its definition: %v", copies)
	}
	stored := stores(res.Moves[[2]int{2, 0}]) || stores(res.EdgeMoves[[2]int{1, 2}])
	require.True(t, stored, "v0 stored on the calling path: %v %v", res.Moves, res.EdgeMoves)
}
