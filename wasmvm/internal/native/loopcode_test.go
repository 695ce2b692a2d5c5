package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// The loops of wattest's modules whose code the amd64 tests check, run
// against Go.

// TestDigitSum runs wattest.DigitSumModule, whose quotient amd64 keeps in
// RDX (the high multiplication then moves nothing), on numbers up to
// 2^64-1.
func TestDigitSum(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.DigitSumModule))
	f := inst.Exports["f"].Func
	for _, n := range []uint64{0, 1, 9, 10, 99, 1234567890, 1<<63 + 12345, ^uint64(0)} {
		want := uint64(1 + 2 + 3 + 4 + 5)
		for m := n; m > 0; m /= 10 {
			want += m % 10
		}
		if n == 0 {
			want = 0
		}
		res, err := inst.Call(f, []uint64{n, 1, 2, 3, 4, 5})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "n = %d", n)
	}
}

// TestCollatz runs wattest.CollatzModule, whose loop's select takes the
// register of the value it tests, against Go.
func TestCollatz(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.CollatzModule))
	f := inst.Exports["steps"].Func
	for _, n := range []uint64{1, 2, 3, 6, 7, 27, 97, 871, 77031, 837799, 1 << 40, 989345275647} {
		want := uint64(0)
		for m := n; m != 1; want++ {
			if m&1 != 0 {
				m = 3*m + 1
			} else {
				m /= 2
			}
		}
		res, err := inst.Call(f, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, want, res[0], "steps(%d)", n)
	}
}

// TestFib runs wattest.FibModule, whose exit is copied per edge, the base
// case's returning n itself, against Go.
func TestFib(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.FibModule))
	f := inst.Exports["fib"].Func
	a, b := uint64(0), uint64(1)
	for n := range uint64(26) {
		res, err := inst.Call(f, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, a, res[0], "fib(%d)", n)
		a, b = b, a+b
	}
}
