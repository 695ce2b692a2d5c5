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

// TestAndNotOfLoad checks an and with the complement of a loaded value
// (wattest.AndNotModule's "loaded64", "loaded32"): on amd64 the load is
// a memory operand of the complement, which the and-not must not drop
// (Go's fdMutex.rwunlock read a callee-saved register's stale value).
func TestAndNotOfLoad(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.AndNotModule))
	call := exportCaller(t, inst)
	vals := []uint64{0, 1, 0x80808080, 0xdeadbeef, 0xffffffff, 0x8000000000000001, 0xffffffffffffffff, 0x0123456789abcdef}
	for _, m := range vals {
		for _, p := range []uint64{64, 72} {
			_, err := inst.Call(inst.Exports["store"].Func, []uint64{p, m})
			require.NoError(t, err)
		}
		for _, a := range vals {
			require.Equal(t, a&^m, call("loaded64", 64, a), "loaded64(%#x &^ %#x)", a, m)
			x, y := uint32(a), uint32(m)
			require.Equal(t, x&^y, uint32(call("loaded32", 64, uint64(x))), "loaded32(%#x &^ %#x)", x, y)
		}
	}
}
