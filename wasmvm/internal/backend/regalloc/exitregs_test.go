package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExitRegisters checks the registers recorded for a loop's exit:
// those of the values live into it and of its parameters, not those of
// values that die in the loop (v0, whose register
// the exit's parameter may take).
func TestExitRegisters(t *testing.T) {
	// b0 defines v0 and v1; b1 loops on itself reading v0 and v1 and
	// defining v2; b2, the exit, takes parameter v3 and reads v1 and v3.
	f := &Function{
		Classes: []Class{ClassInt, ClassInt, ClassInt, ClassInt},
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{0}), ins(nil, []VReg{1})}, Succs: []int{1}},
			{Instrs: []Instr{ins([]VReg{0, 1}, []VReg{2})}, Succs: []int{1, 2}},
			{Params: []VReg{3}, Instrs: []Instr{ins([]VReg{1, 3}, nil)}},
		},
	}
	res := allocateAndSimulate(t, f, testRegs)
	require.Len(t, res.ExitRegisters, 1)
	live, ok := res.ExitRegisters[2]
	require.True(t, ok, "b2 is the loop's exit")
	want := uint64(1)<<res.Locations[1].Reg | uint64(1)<<res.Locations[3].Reg
	require.Equal(t, want, live)
}
