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
	obj := compileWat(t, wattest.ScaledMulModule)
	for _, f := range obj.Functions[len(obj.Functions)-6:] {
		ops := decodeCode(t, obj.Code[f.Offset:f.Offset+f.Size])
		require.Equal(t, 1, count(ops, x86asm.LEA), intel(ops))
		require.Zero(t, count(ops, x86asm.IMUL)+count(ops, x86asm.ADD)+count(ops, x86asm.MOV), intel(ops))
	}
}
