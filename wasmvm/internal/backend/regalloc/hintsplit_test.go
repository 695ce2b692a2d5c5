package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCounterKeepsRegisterAcrossLoop: a loop's counter j (v1, a parameter
// of the header) steps to j' = j - 1 (v2, tied to j), which the back edge
// passes to j and a call after the loop outlives. j' takes j's register,
// which the call clobbers, in the loop, and leaves it after the loop,
// rather than take a callee-saved register and cost the back edge a move
// on every iteration.
func TestCounterKeepsRegisterAcrossLoop(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 4),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{0}), {Uses: []VReg{0}, Copies: []Copy{{Dst: 1, Src: 0}}}}, Succs: []int{1}},
			{Params: []VReg{1}, Instrs: []Instr{
				{Uses: []VReg{1}, Defs: []VReg{2}, Tied: true},
				ins(nil, []VReg{3}),
				ins([]VReg{3}, nil),
				{Uses: []VReg{2}, Copies: []Copy{{Dst: 1, Src: 2}}},
			}, Succs: []int{1, 2}},
			{Instrs: []Instr{{Call: true}, ins([]VReg{2}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	requireNoMovesInLoop(t, res, 1)
	j := res.Locations[res.EntryPiece(1, 1)]
	jNext := res.Locations[res.Piece(1, 0, 2, true)]
	require.Equal(t, j, jNext, "j' takes j's register in the loop")
	require.False(t, testRegs.CalleeSaved[j.Reg], "j is in %v", j)
}

// requireNoMovesInLoop fails t when the allocation moves values inside
// block b, a loop of one block, or on its back edge.
func requireNoMovesInLoop(t *testing.T, res *Result, b int) {
	t.Helper()
	require.Empty(t, res.EdgeMoves[[2]int{b, b}], "moves on the back edge")
	for at, m := range res.Moves {
		require.NotEqual(t, b, at[0], "moves in the loop: %v", m)
	}
}

// TestStraightLineTiedValueNotSplit: outside loops the move a tied
// operand's register saves runs once, no cheaper than a split's: a result
// that outlives a call takes a callee-saved register whole.
func TestStraightLineTiedValueNotSplit(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 2),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{0}), {Uses: []VReg{0}, Defs: []VReg{1}, Tied: true}}, Succs: []int{1}},
			{Instrs: []Instr{{Call: true}, ins([]VReg{1}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	require.Empty(t, piecesOf(res, f, 1), "v1 is split")
	require.True(t, testRegs.CalleeSaved[res.Locations[1].Reg], "v1 is in %v", res.Locations[1])
}
