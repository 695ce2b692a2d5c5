package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestMulHighLeavesRDXInPlace checks that the high multiplication whose
// result the allocator keeps in RDX, where the one-operand mul leaves it,
// emits no move of RDX to itself.
func TestMulHighLeavesRDXInPlace(t *testing.T) {
	ops := lastFunctionCode(t, wattest.DigitSumModule)
	require.Equal(t, 1, count(ops, x86asm.MUL), intel(ops))
	inRDX := false
	for _, in := range ops {
		if in.Op == x86asm.SHR && in.Args[0] == x86asm.RDX {
			inRDX = true
		}
		if in.Op == x86asm.MOV && in.Args[0] == in.Args[1] {
			t.Fatalf("a move of a register to itself:\n%s", intel(ops))
		}
	}
	require.True(t, inRDX, "the quotient is not in RDX, the case is not reached:\n%s", intel(ops))
}
