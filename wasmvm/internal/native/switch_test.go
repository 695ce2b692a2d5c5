package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSwitchInLoop runs a switch of 300 cases inside a loop (a br_table
// whose cases pass constants to a join block) over ranges of keys in and
// out of its cases.
func TestSwitchInLoop(t *testing.T) {
	values := wattest.SwitchValues(300)
	const fallback = 12345
	inst := instantiate(t, wattest.Assemble(t, wattest.SwitchModule(values, fallback)))
	for _, r := range [][2]int32{{0, 1}, {0, 300}, {299, 2}, {-3, 10}, {150, 0}, {290, 40}, {-100, 1}} {
		key, n := r[0], r[1]
		want := int32(0)
		for k := key; k < key+n; k++ {
			if k >= 0 && int(k) < len(values) {
				want += values[k]
			} else {
				want += fallback
			}
		}
		res, err := inst.Call(inst.Exports["switch"].Func, []uint64{uint64(uint32(key)), uint64(uint32(n))})
		require.NoError(t, err)
		require.Equal(t, want, int32(uint32(res[0])), "switch(%d, %d)", key, n)
	}
}
