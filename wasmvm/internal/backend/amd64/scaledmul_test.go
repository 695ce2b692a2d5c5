package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestScaledMulIsLea checks that each product by 3, 5 or 9 of
// wattest.ScaledMulModule, with the constant added to it, is one lea:
// no imul, no add, and no move, as the lea may write the register of its
// operand, which the result shares with the parameter (RSI).
func TestScaledMulIsLea(t *testing.T) {
	for _, ops := range lastFunctionsCode(t, wattest.ScaledMulModule, 6) {
		require.Equal(t, 1, count(ops, x86asm.LEA), intel(ops))
		require.Zero(t, count(ops, x86asm.IMUL)+count(ops, x86asm.ADD)+count(ops, x86asm.MOV), intel(ops))
	}
}
