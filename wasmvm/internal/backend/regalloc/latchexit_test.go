package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExitValueAvoidsParamRegister: in a loop shaped like crc32's
// slice-by-4 loop, the crc (v2, the header's parameter) steps to v4, the
// next crc (v5, then v7) starts while v4 is live, and a count (v8) that the
// exit reads is defined after v4's last use, when the crc's register is
// free. The count takes another register: the crc's is left to the next
// crc, or at least free at the exit, so that the back edge's move can run
// before the latch's branch.
func TestExitValueAvoidsParamRegister(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 9),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{0}), ins(nil, []VReg{1}), {Uses: []VReg{0}, Copies: []Copy{{Dst: 2, Src: 0}}}}, Succs: []int{1}},
			{Params: []VReg{2}, Instrs: []Instr{
				{Uses: []VReg{2}, Defs: []VReg{4}, Tied: true},
				ins([]VReg{4}, []VReg{5}),
				ins([]VReg{4}, []VReg{6}),
				{Uses: []VReg{5, 6}, Defs: []VReg{7}, Tied: true},
				ins([]VReg{1}, []VReg{8}),
				{Uses: []VReg{7, 8}, Copies: []Copy{{Dst: 2, Src: 7}}},
			}, Succs: []int{1, 2}},
			{Instrs: []Instr{ins([]VReg{7, 8}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	crc := res.Locations[res.EntryPiece(1, 2)]
	require.False(t, crc.Spilled)
	exit, ok := res.ExitRegisters[2]
	require.True(t, ok, "b2 is the loop's exit")
	require.Zero(t, exit&(1<<crc.Reg), "a value live into the exit holds the crc's register %v", crc)
}
