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

// TestAndMaskIsMovzx checks that x & 0xff and x & 0xffff into another
// register than x's, x being used again, are one movzx each (no copy and
// and), for i32 and i64.
func TestAndMaskIsMovzx(t *testing.T) {
	for _, typ := range []string{"i32", "i64"} {
		ops := lastFunctionCode(t, `(module (func (param $x `+typ+`) (result `+typ+`)
			(`+typ+`.add (`+typ+`.add (`+typ+`.and (local.get $x) (`+typ+`.const 255)) (`+typ+`.and (local.get $x) (`+typ+`.const 65535)))
				(local.get $x))))`)
		require.Equal(t, 2, count(ops, x86asm.MOVZX), "%s\n%s", typ, intel(ops))
		require.Zero(t, count(ops, x86asm.AND), "%s\n%s", typ, intel(ops))
	}
}
