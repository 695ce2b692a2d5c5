package native

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestFloatBranch runs wattest.FloatBranchModule, whose branches compare
// floats themselves, against Go over zeros, infinities, NaN and ordinary
// values, equal and not, in both widths.
func TestFloatBranch(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.FloatBranchModule))
	call := exportCaller(t, inst)
	nan := math.NaN()
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 1.5, 4, math.Inf(1), math.Inf(-1), nan, math.MaxFloat64, math.SmallestNonzeroFloat64}
	orders := map[string]func(a, b float64) bool{
		"lt": func(a, b float64) bool { return a < b },
		"le": func(a, b float64) bool { return a <= b },
		"gt": func(a, b float64) bool { return a > b },
		"ge": func(a, b float64) bool { return a >= b },
	}
	pick := func(b bool) uint64 {
		if b {
			return 7
		}
		return 9
	}
	for name, order := range orders {
		for _, a := range vals {
			for _, b := range vals {
				got := call(name+"64", math.Float64bits(a), math.Float64bits(b))
				require.Equal(t, pick(order(a, b)), got, "%s64(%v, %v)", name, a, b)
				a32, b32 := float32(a), float32(b)
				got = call(name+"32", uint64(math.Float32bits(a32)), uint64(math.Float32bits(b32)))
				require.Equal(t, pick(order(float64(a32), float64(b32))), got, "%s32(%v, %v)", name, a32, b32)
			}
		}
	}
	for _, x := range []float64{0, 0.5, 1, 1.9, 2, 2.5, -3, nan, math.Inf(1)} {
		k, y := uint64(0), x
		for k < 50 {
			k++
			y = y*y - 1.5
			if !(y*y <= 4) {
				break
			}
		}
		require.Equal(t, k, call("escape", math.Float64bits(x)), "escape(%v)", x)
	}
}
