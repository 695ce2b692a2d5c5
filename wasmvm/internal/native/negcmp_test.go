package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestNegatedCompare runs wattest.NegatedCompareModule, whose second
// comparison of each pair is the first's 0 or 1 xor 1, against Go over
// operands at the edges of the orders.
func TestNegatedCompare(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.NegatedCompareModule))
	call := exportCaller(t, inst)
	vals := []uint64{0, 1, 2, 100, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF,
		1 << 32, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF}
	b2u := func(b bool) uint32 {
		if b {
			return 1
		}
		return 0
	}
	for _, a := range vals {
		for _, b := range vals {
			a32, b32 := uint32(a), uint32(b)
			i, j := uint32(a>>3)&0xFF, uint32(b>>5)&0xFF
			lt := int32(a32) < int32(b32)
			want := (i+b2u(!lt))*65536 + j + b2u(lt) + b2u(lt)*0x1000000
			require.Equal(t, uint64(want), call("steps_s", uint64(a32), uint64(b32), uint64(i), uint64(j)), "steps_s(%#x, %#x)", a32, b32)
			want = j + b2u(int64(a) < int64(b)) + (i+b2u(int64(a) >= int64(b)))*65536
			require.Equal(t, uint64(want), call("steps_l", a, b, uint64(i), uint64(j)), "steps_l(%#x, %#x)", a, b)
			want = b2u(a32 == b32)*2 + b2u(a32 != b32)*5
			require.Equal(t, uint64(want), call("eqne", uint64(a32), uint64(b32)), "eqne(%#x, %#x)", a32, b32)
		}
	}
}
