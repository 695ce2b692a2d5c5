package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// TestNarrowExtendAdd checks that extend(p) + 16 compared with a size,
// with p used again, is one lea from p's register (no copy of p first).
func TestNarrowExtendAdd(t *testing.T) {
	ops := lastFunctionCode(t, `(module (func (param $p i32) (param $size i64) (result i64)
		(i64.add (i64.extend_i32_u (i64.le_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.const 16)) (local.get $size)))
			(i64.extend_i32_u (local.get $p)))))`)
	require.Equal(t, x86asm.LEA, ops[0].Op, intel(ops))
	require.Equal(t, 64, ops[0].DataSize, intel(ops))
	require.Zero(t, count(ops, x86asm.MOV), intel(ops))
}
