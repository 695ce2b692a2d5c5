package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// gcdModule is Euclid's loop: a remainder by a variable per iteration.
const gcdModule = `(module (func (export "gcd") (param $a i32) (param $b i32) (result i32) (local $t i32)
  (block $done
    (loop $l
      (br_if $done (i32.eqz (local.get $b)))
      (local.set $t (i32.rem_u (local.get $a) (local.get $b)))
      (local.set $a (local.get $b))
      (local.set $b (local.get $t))
      (br $l)))
  (local.get $a)))`

// TestDivisorInPlace checks that a division by a value in a register
// divides by that register: nothing is copied into RCX for it.
func TestDivisorInPlace(t *testing.T) {
	ops := lastFunctionCode(t, gcdModule)
	require.Equal(t, 1, count(ops, x86asm.DIV), intel(ops))
	for _, in := range ops {
		if in.Op == x86asm.DIV {
			require.NotEqual(t, x86asm.ECX, in.Args[0], "the divisor copied to RCX:\n%s", intel(ops))
		}
		if in.Op == x86asm.MOV && (in.Args[0] == x86asm.ECX || in.Args[0] == x86asm.RCX) {
			t.Fatalf("a copy into RCX:\n%s", intel(ops))
		}
	}
}
