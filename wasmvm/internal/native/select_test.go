package native

import (
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSelectCompare runs selects and branches whose comparison (or and
// tested against zero) the backend fuses into them (testdata/selectcmp.wat)
// over operands that make each condition hold and fail, NaNs (every float
// comparison but "ne" is false on them) and signed zeros included.
func TestSelectCompare(t *testing.T) {
	b, err := os.ReadFile("testdata/selectcmp.wasm")
	require.NoError(t, err)
	inst := instantiate(t, b)
	ints := []int64{0, 1, -1, 7, 1000, 1001, math.MinInt32, math.MaxInt32, math.MaxInt64, math.MinInt64}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, math.Inf(1), math.Inf(-1), math.NaN()}
	const x, y = 0x1111, 0x2222
	f64 := math.Float64bits
	f32 := func(f float64) uint64 { return uint64(math.Float32bits(float32(f))) }
	u32 := func(i int64) uint64 { return uint64(uint32(i)) }
	pick := func(holds bool, a, b uint64) uint64 {
		if holds {
			return a
		}
		return b
	}
	check := func(name string, args []uint64, want uint64) {
		t.Helper()
		res, err := inst.Call(inst.Exports[name].Func, args)
		require.NoError(t, err)
		require.Equal(t, []uint64{want}, res, "%s%x", name, args)
	}
	for _, a := range ints {
		for _, b := range ints {
			check("i32_lt_s", []uint64{u32(a), u32(b), x, y}, pick(int32(a) < int32(b), x, y))
			check("i32_ge_u", []uint64{u32(a), u32(b), x, y}, pick(uint32(a) >= uint32(b), x, y))
			check("i32_eq_0", []uint64{u32(a), u32(b), x, y}, pick(int32(a) == 0, x, y))
			check("i64_gt_u_imm", []uint64{uint64(a), uint64(b), f64(1.5), f64(-2)},
				pick(uint64(a) > 1000, f64(1.5), f64(-2)))
			check("i32_and", []uint64{u32(a), u32(b), x, y}, pick(uint32(a)&uint32(b) != 0, x, y))
			check("i64_and_eqz_imm", []uint64{uint64(a), uint64(b), x, y}, pick(uint64(a)&0x80000000000000f0 == 0, x, y))
			check("br_i64_and", []uint64{uint64(a), uint64(b), x, y}, pick(uint64(a)&uint64(b) != 0, x, y))
			check("br_i32_and_imm", []uint64{u32(a), u32(b), x, y}, pick(uint32(a)&0x80000001 != 0, x, y))
		}
	}
	for _, a := range floats {
		for _, b := range floats {
			check("f64_eq", []uint64{f64(a), f64(b), x, y}, pick(a == b, x, y))
			check("f64_ne", []uint64{f64(a), f64(b), x, y}, pick(a != b, x, y))
			check("f64_lt", []uint64{f64(a), f64(b), x, y}, pick(a < b, x, y))
			check("f64_le", []uint64{f64(a), f64(b), x, y}, pick(a <= b, x, y))
			check("f64_gt", []uint64{f64(a), f64(b), f64(3), f64(4)}, pick(a > b, f64(3), f64(4)))
			check("f64_ge", []uint64{f64(a), f64(b), f64(3), f64(4)}, pick(a >= b, f64(3), f64(4)))
			check("f32_eq", []uint64{f32(a), f32(b), f32(3), f32(4)}, pick(a == b, f32(3), f32(4)))
			check("f32_ne", []uint64{f32(a), f32(b), f32(3), f32(4)}, pick(a != b, f32(3), f32(4)))
			check("f32_lt", []uint64{f32(a), f32(b), x, y}, pick(a < b, x, y))
		}
	}
}
