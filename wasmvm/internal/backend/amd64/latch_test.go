package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestLatchMovesBeforeBranch checks that wattest.DigitLoopModule's loop,
// whose back edge moves values that its exit does not read, makes those
// moves before its conditional jump back: the loop takes no
// unconditional jump.
func TestLatchMovesBeforeBranch(t *testing.T) {
	ops := lastFunctionCode(t, wattest.DigitLoopModule)
	back := -1
	for i, in := range ops {
		if in.Op == x86asm.JMP {
			t.Fatalf("an unconditional jump:\n%s", intel(ops))
		}
		if in.Op == x86asm.JA {
			back = i
		}
	}
	require.Positive(t, back, intel(ops))
	require.Equal(t, x86asm.MOV, ops[back-1].Op, "the back edge's moves sit before the jump:\n%s", intel(ops))
	require.Equal(t, x86asm.CMP, ops[back-2].Op, "... after the comparison:\n%s", intel(ops))
}

// TestExitValueLeavesParamRegister checks that wattest.Crc4LoopModule's
// loop, whose count of bytes left is read after the loop and computed
// after the old crc's last use, leaves the crc's register to the back
// edge's value: the back edge's move sits before the conditional jump
// back, and the loop takes no unconditional jump.
func TestExitValueLeavesParamRegister(t *testing.T) {
	ops := lastFunctionCode(t, wattest.Crc4LoopModule)
	back := -1
	for i, in := range ops {
		require.NotEqual(t, x86asm.JMP, in.Op, "an unconditional jump:\n%s", intel(ops))
		if in.Op == x86asm.JA {
			back = i
		}
	}
	require.Positive(t, back, intel(ops))
	require.Equal(t, x86asm.MOV, ops[back-1].Op, "the back edge's move sits before the jump:\n%s", intel(ops))
	require.Equal(t, x86asm.CMP, ops[back-2].Op, "... after the comparison:\n%s", intel(ops))
}
