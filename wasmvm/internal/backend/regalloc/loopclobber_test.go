package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// clobberLoop builds a loop (b1 to b4, back edge b4 -> b1) with a division
// that clobbers register 1 on one of its two paths (b2), two values (v5,
// v6) live through it and read on every iteration, and v0, live through
// it too but read only on the other path (b3) and after the loop.
// With header, the loop's counter is a parameter of its header (v1),
// passed around the back edge as v8; else it is a value defined before
// the loop.
func clobberLoop(header bool) *Function {
	div := Instr{Uses: []VReg{1, 5}, Defs: []VReg{3}, Clobbers: []Reg{1}}
	dense := ins([]VReg{5, 6}, nil)
	f := &Function{
		Classes: make([]Class, 9),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{5}), ins(nil, []VReg{6}), ins(nil, []VReg{0}), ins(nil, nil), ins(nil, []VReg{1})}, Succs: []int{1}},
			{Instrs: []Instr{dense, ins([]VReg{1}, []VReg{2}), ins([]VReg{2}, nil), dense}, Succs: []int{2, 3}},
			{Instrs: []Instr{div, ins([]VReg{3}, nil), dense}, Succs: []int{4}},
			{Instrs: []Instr{ins([]VReg{0}, nil), dense}, Succs: []int{4}},
			{Instrs: []Instr{dense, ins([]VReg{1}, nil)}, Succs: []int{1, 5}},
			{Instrs: []Instr{ins([]VReg{0, 1, 5, 6}, nil)}},
		},
	}
	if header {
		f.Blocks[0].Instrs[4] = Instr{Defs: []VReg{4}, Copies: []Copy{{Dst: 1, Src: 4}}}
		f.Blocks[1].Params = []VReg{1}
		f.Blocks[4].Instrs[1] = Instr{Uses: []VReg{1}, Defs: []VReg{8}}
		f.Blocks[4].Instrs = append(f.Blocks[4].Instrs, Instr{Uses: []VReg{8}, Copies: []Copy{{Dst: 1, Src: 8}}})
	}
	return f
}

// TestLoopClobberKeepsCarriedValuesOut: a value live through a loop does
// not take, for the loop, the register a division on one of the loop's
// paths clobbers, which would split it in the loop and move it on the
// loop's edges: with the other registers taken by values the loop reads
// more often, it waits in its slot for the loop instead.
func TestLoopClobberKeepsCarriedValuesOut(t *testing.T) {
	for _, header := range []bool{false, true} {
		f := clobberLoop(header)
		res := allocateAndSimulate(t, f, testRegs)
		for b := 1; b <= 4; b++ {
			for _, s := range f.Blocks[b].Succs {
				if s >= 1 && s <= 4 {
					require.Empty(t, res.EdgeMoves[[2]int{b, s}], "header %v: moves on the loop's edge %d -> %d", header, b, s)
				}
			}
			for at, m := range res.Moves {
				require.NotEqual(t, b, at[0], "header %v: moves in the loop's block %d: %v", header, b, m)
			}
		}
		at := res.Locations[res.Piece(3, 0, 0, false)]
		require.True(t, at.Spilled, "header %v: v0 is in %v in the loop", header, at)
	}
}

// TestLoopClobberFreeRegister: a value live through the loop takes a free
// register the loop's division does not clobber, over the one it does,
// even where that one is preferred.
func TestLoopClobberFreeRegister(t *testing.T) {
	f := clobberLoop(true)
	res := allocateAndSimulate(t, f, &RegisterInfo{Allocatable: [numClasses][]Reg{{1, 2, 3, 4, 5}, {10}}})
	for _, v := range []VReg{0, 1, 5, 6} {
		require.Empty(t, piecesOf(res, f, v), "v%d is split", v)
		require.NotEqual(t, Location{Reg: 1}, res.Locations[v], "v%d is in the clobbered register", v)
	}
}
