package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// counterLoop is a loop that keeps four values (v4-v7 at its header, v0-v3
// before it) and a temporary (v11) in use twice per iteration, more than
// testRegs' registers can hold with its counter (v9 at the header, v8
// before it), which the loop reads once: after the temporary's last use,
// n' (v10) = n - 1, tied to n, is the exit test's condition and passed
// back to n.
func counterLoop() *Function {
	const n = 4
	classes := make([]Class, 12)
	var entry []Instr
	var init, params []VReg
	for k := range n {
		entry = append(entry, ins(nil, []VReg{VReg(k)}))
		init = append(init, VReg(k))
		params = append(params, VReg(n+k))
	}
	entry = append(entry, ins(nil, []VReg{8}))
	dense := ins(append(append([]VReg{}, params...), 11), nil)
	step := ins([]VReg{9}, []VReg{10})
	step.Tied = true
	jump := ins(append(init, 8), nil)
	back := ins(append(append([]VReg{}, params...), 10), nil)
	for k := range n {
		jump.Copies = append(jump.Copies, Copy{Dst: VReg(n + k), Src: VReg(k)})
		back.Copies = append(back.Copies, Copy{Dst: VReg(n + k), Src: VReg(n + k)})
	}
	jump.Copies = append(jump.Copies, Copy{Dst: 9, Src: 8})
	back.Copies = append(back.Copies, Copy{Dst: 9, Src: 10})
	return &Function{
		Classes: classes,
		Blocks: []Block{
			{Instrs: append(entry, jump), Succs: []int{1}},
			{Params: append(params, 9), Instrs: []Instr{ins(nil, []VReg{11}), dense, dense, step, back}, Succs: []int{1, 2}},
			{Instrs: []Instr{ins(params, nil)}},
		},
	}
}

// TestCounterStepsInSlot: with SlotDestinations, the loop's counter,
// waiting in its slot, has its next value in that same slot (the backend
// steps it there, and the back edge copies nothing); without, the next
// value takes a register, and the back edge stores it.
func TestCounterStepsInSlot(t *testing.T) {
	for _, inSlot := range []bool{false, true} {
		regs := *testRegs
		regs.SlotDestinations = inSlot
		f := counterLoop()
		res := allocateAndSimulate(t, f, &regs)
		n := res.Locations[res.Piece(1, 3, 9, false)]
		next := res.Locations[res.Piece(1, 3, 10, true)]
		require.True(t, n.Spilled, "the counter is in %v", n)
		if inSlot {
			require.Equal(t, n, next, "the counter's next value")
			require.Empty(t, res.EdgeMoves[[2]int{1, 1}], "moves on the back edge")
		} else {
			require.False(t, next.Spilled, "the counter's next value is in %v", next)
		}
	}
}
