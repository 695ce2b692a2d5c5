package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestDivisionByNonZero checks that the divisions of
// wattest.GCDModule's two loops, whose divisors the branches before them
// show nonzero, test nothing for 0, while the plain remainder does.
func TestDivisionByNonZero(t *testing.T) {
	for i, ops := range lastFunctionsCode(t, wattest.GCDModule, 3) {
		checked := false
		for j, in := range ops {
			// test divisor; jz trap; mov edx, 0; div divisor
			if in.Op == x86asm.DIV && j >= 3 {
				checked = ops[j-3].Op == x86asm.TEST && ops[j-3].Args[0] == in.Args[0]
			}
		}
		require.Equal(t, i == 2, checked, "function %d:\n%s", i, intel(ops))
	}
}

// TestDivisorInPlace checks that a division by a value in a register
// divides by that register: nothing is copied into RCX for it.
func TestDivisorInPlace(t *testing.T) {
	for _, ops := range lastFunctionsCode(t, wattest.GCDModule, 3) {
		require.Equal(t, 1, count(ops, x86asm.DIV), intel(ops))
		for _, in := range ops {
			if in.Op == x86asm.MOV && (in.Args[0] == x86asm.ECX || in.Args[0] == x86asm.RCX) {
				t.Fatalf("a copy into RCX:\n%s", intel(ops))
			}
		}
	}
}

// TestQuotientShared checks that a remainder and a quotient of one
// dividend by one constant (wattest.DigitsModule) multiply by the
// reciprocal once, and that two divisors still take two.
func TestQuotientShared(t *testing.T) {
	for i, ops := range lastFunctionsCode(t, wattest.DigitsModule, 3) {
		want := 1
		if i == 2 {
			want = 2
		}
		require.Equal(t, want, count(ops, x86asm.MUL)+count(ops, x86asm.IMUL)-multiplicationsByConstant(ops), "function %d:\n%s", i, intel(ops))
	}
}

// multiplicationsByConstant counts the three-operand imul instructions
// by small immediates (x*c with c at most 1000 in magnitude), which
// compute q*c for a remainder or a product of the source, not a quotient:
// a reciprocal's multiplier (also an immediate where a 32-bit quotient's
// fits) is large.
func multiplicationsByConstant(ops []x86asm.Inst) int {
	n := 0
	for _, in := range ops {
		if in.Op != x86asm.IMUL {
			continue
		}
		if c, ok := in.Args[2].(x86asm.Imm); ok && c >= -1000 && c <= 1000 {
			n++
		}
	}
	return n
}
