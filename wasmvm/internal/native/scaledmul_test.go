package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestScaledMul runs wattest.ScaledMulModule's products (lowered as
// scaled additions) on values whose products wrap.
func TestScaledMul(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.ScaledMulModule))
	want32 := map[string]func(uint32) uint32{
		"m3_32":  func(x uint32) uint32 { return x * 3 },
		"m5p_32": func(x uint32) uint32 { return x*5 + 1000 },
		"m9p_32": func(x uint32) uint32 { return x*9 - 7 },
	}
	want64 := map[string]func(uint64) uint64{
		"m3p_64": func(x uint64) uint64 { return x*3 + 1 },
		"m5_64":  func(x uint64) uint64 { return x * 5 },
		"m9p_64": func(x uint64) uint64 { return x*9 - 7 },
	}
	xs := []uint64{0, 1, 7, 1 << 30, 1<<31 + 5, 0x9e3779b9, 1<<32 - 1, 1 << 40, 0x9e3779b97f4a7c15, 1<<63 - 1, ^uint64(0)}
	for name, want := range want32 {
		for _, x := range xs {
			res, err := inst.Call(inst.Exports[name].Func, []uint64{uint64(uint32(x))})
			require.NoError(t, err)
			require.Equal(t, uint64(want(uint32(x))), res[0], "%s(%#x)", name, uint32(x))
		}
	}
	for name, want := range want64 {
		for _, x := range xs {
			res, err := inst.Call(inst.Exports[name].Func, []uint64{x})
			require.NoError(t, err)
			require.Equal(t, want(x), res[0], "%s(%#x)", name, x)
		}
	}
}
