package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// TestCompareSumCarry checks that an addition of an unsigned comparison's
// outcome adds the carry of the comparison (adc for <, and for > with
// the operands swapped; sbb for >= and for > a constant), with no setcc
// and no movzx, also into an i64 through i64.extend_i32_u.
func TestCompareSumCarry(t *testing.T) {
	for _, c := range []struct {
		cmp  string
		want x86asm.Op
	}{
		{"(i32.lt_u (local.get $x) (local.get $y))", x86asm.ADC},
		{"(i32.gt_u (local.get $x) (local.get $y))", x86asm.ADC},
		{"(i32.ge_u (local.get $x) (local.get $y))", x86asm.SBB},
		{"(i32.le_u (local.get $x) (local.get $y))", x86asm.SBB},
		{"(i32.gt_u (local.get $x) (i32.const 100))", x86asm.SBB},
		{"(i32.le_u (local.get $x) (i32.const 100))", x86asm.ADC},
		{"(i32.eqz (local.get $x))", x86asm.ADC},
		{"(i32.ne (local.get $x) (i32.const 0))", x86asm.SBB},
	} {
		ops := lastFunctionCode(t, `(module (func (param $c i32) (param $x i32) (param $y i32) (result i32)
			(i32.add (local.get $c) `+c.cmp+`)))`)
		require.Equal(t, 1, count(ops, c.want), "%s:\n%s", c.cmp, intel(ops))
		require.Zero(t, count(ops, x86asm.SETB)+count(ops, x86asm.SETAE)+count(ops, x86asm.SETE)+count(ops, x86asm.SETNE)+
			count(ops, x86asm.MOVZX), "%s:\n%s", c.cmp, intel(ops))
	}
	ops := lastFunctionCode(t, `(module (func (param $c i64) (param $x i32) (param $y i32) (result i64)
		(i64.add (local.get $c) (i64.extend_i32_u (i32.lt_u (local.get $x) (local.get $y))))))`)
	require.Equal(t, 1, count(ops, x86asm.ADC), intel(ops))
	for _, in := range ops {
		if in.Op == x86asm.ADC {
			require.Equal(t, 64, in.DataSize, intel(ops))
		}
	}
}

// TestCompareSumOr checks that isalnum's or of two comparisons sets the
// second one's byte and ors it into the first's 0 or 1 (one movzx, not
// two), and that a branch on the or reads the or's flags (no test).
func TestCompareSumOr(t *testing.T) {
	const alnum = `(i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))
		(i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26)))`
	ops := lastFunctionCode(t, `(module (func (param $x i32) (result i32) `+alnum+`))`)
	require.Equal(t, 1, count(ops, x86asm.MOVZX), intel(ops))
	require.Equal(t, 2, count(ops, x86asm.SETB), intel(ops))
	bytes := 0
	for _, in := range ops {
		if r, ok := in.Args[0].(x86asm.Reg); in.Op == x86asm.OR && ok && r >= x86asm.AL && r <= x86asm.R15B {
			bytes++
		}
	}
	require.Equal(t, 1, bytes, intel(ops))
	ops = lastFunctionCode(t, `(module (func (param $x i32) (result i32)
		(if (result i32) `+alnum+` (then (i32.const 7)) (else (i32.const 9)))))`)
	require.Zero(t, count(ops, x86asm.TEST), intel(ops))
}
