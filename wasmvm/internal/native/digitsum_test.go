package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

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
