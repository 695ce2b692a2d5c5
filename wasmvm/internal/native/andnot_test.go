package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestAndNot runs wattest.AndNotModule, whose ands with a complement are
// one instruction (andn, bic), against Go.
func TestAndNot(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.AndNotModule))
	call := exportCaller(t, inst)
	vals := []uint64{0, 1, 0x01010101, 0x61626300, 0x7f7f7f7f, 0x80808080, 0xdeadbeef, 0xffffffff,
		0x8000000000000001, 0xffffffffffffffff, 0x0123456789abcdef}
	for _, a := range vals {
		w := uint32(a)
		require.Equal(t, (w-0x01010101)&^w&0x80808080, uint32(call("haszero", uint64(w))), "haszero(%#x)", w)
		for _, b := range vals {
			require.Equal(t, a&^b, call("andnot64", a, b), "andnot64(%#x, %#x)", a, b)
			x, y := uint32(a), uint32(b)
			require.Equal(t, x&^y+y&^x+x, uint32(call("both", uint64(x), uint64(y))), "both(%#x, %#x)", x, y)
		}
	}
}
