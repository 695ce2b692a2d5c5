package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFixedArgumentRegisters allocates the shape a register calling
// convention gives a function: a parameter arriving in register 1 and
// copied out, a value copied into register 1 for a call, whose result
// comes back in register 1 too, and a value live across the call.
func TestFixedArgumentRegisters(t *testing.T) {
	copyOf := func(dst, src VReg) Instr { return Instr{Uses: []VReg{src}, Defs: []VReg{dst}, Tied: true} }
	f := &Function{
		Classes: make([]Class, 7),
		Fixed:   map[VReg]Reg{0: 1, 3: 1, 4: 1, 6: 1},
		Blocks: []Block{{Instrs: []Instr{
			ins(nil, []VReg{0}),       // v0 arrives in r1
			copyOf(1, 0),              // v1 = v0
			ins([]VReg{1}, []VReg{2}), // v2 = f(v1), live across the call
			copyOf(3, 1),              // v3 (r1) = v1
			{Uses: []VReg{3}, Defs: []VReg{4}, Call: true},    // v4 (r1) = call(v3)
			{Uses: []VReg{4, 2}, Defs: []VReg{5}, Tied: true}, // v5 = v4 + v2, two-operand
			copyOf(6, 5), // v6 (r1) = v5, returned
			ins([]VReg{6}, nil),
		}}},
	}
	res, err := Allocate(f, testRegs)
	require.NoError(t, err)
	for v, r := range f.Fixed {
		require.Equal(t, Location{Reg: r}, res.Locations[v], "v%d is fixed", v)
	}
	// The parameter's copy, the value last read by a copy into r1 and
	// the sum computed in place from the call's result take r1 itself:
	// those copies are empty.
	require.Equal(t, Location{Reg: 1}, res.Locations[1])
	require.Equal(t, Location{Reg: 1}, res.Locations[5])
	// The value live across the call sits in a callee-saved register,
	// which no fixed interval takes.
	require.True(t, testRegs.CalleeSaved[res.Locations[2].Reg], "v2 in %v", res.Locations[2])
}
