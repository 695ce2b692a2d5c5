package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestNarrowExtends runs wattest.NarrowExtendsModule, whose i64 additions
// and comparisons read the registers of the i32 values they extend,
// against Go, with values whose top bit is set (an extension that is not
// a zero extension would show).
func TestNarrowExtends(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.NarrowExtendsModule))
	call := exportCaller(t, inst)
	vals := []uint32{0, 1, 6, 7, 15, 16, 0x7FFFFFF0, 0x7FFFFFFF, 0x80000000, 0xFFFFFFEF, 0xFFFFFFF0, 0xFFFFFFFF}
	for _, p := range vals {
		for _, size := range []uint64{0, 16, 17, 0x80000000, 0xFFFFFFFF, 0x100000000, 0x10000000F, ^uint64(0)} {
			want := b64(uint64(p)+16 <= size) + uint64(p)
			require.Equal(t, want, call("fits", uint64(p), size), "fits(%#x, %#x)", p, size)
			w := uint64(p) + size
			if uint64(p) >= 7 {
				w *= 3
			}
			require.Equal(t, w+uint64(p), call("both", uint64(p), size), "both(%#x, %#x)", p, size)
		}
		for _, q := range vals {
			require.Equal(t, uint64(p)+uint64(q)+b64(p < q), call("span", uint64(p), uint64(q)), "span(%#x, %#x)", p, q)
		}
	}
}

// b64 is b2i as an i64.
func b64(v bool) uint64 { return uint64(b2i(v)) }
