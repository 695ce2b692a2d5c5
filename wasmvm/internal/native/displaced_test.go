package native

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestDisplacedAdds checks additions of a constant to another addition,
// lowered as one three-term sum ((x + y) + C, (x + (z << k)) + C), at
// both widths, with sums that wrap around and constants that need more
// than an arm64 add's immediate; the inner sum is used twice in "twice",
// so it stays an addition of its own.
func TestDisplacedAdds(t *testing.T) {
	const src = `(module
  (func (export "add32") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add i32.const 0x1e88 i32.add)
  (func (export "sub32") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add i32.const -0x12345 i32.add)
  (func (export "scaled32") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.const 3 i32.shl i32.add i32.const 0x7fffffff i32.add)
  (func (export "add64") (param i64 i64) (result i64)
    local.get 0 local.get 1 i64.add i64.const -8 i64.add)
  (func (export "scaled64") (param i64 i64) (result i64)
    local.get 1 i64.const 2 i64.shl local.get 0 i64.add i64.const 0x40000 i64.add)
  (func (export "twice") (param i32 i32) (result i32)
    (local i32)
    local.get 0 local.get 1 i32.add local.tee 2 i32.const 5 i32.add
    local.get 2 i32.mul))`
	b := wattest.AssembleIn(t, t.TempDir(), "displaced", src)
	r := rand.New(rand.NewSource(9))
	for _, baseline := range []bool{false, true} {
		inst := instantiateWith(t, b, &Engine{Baseline: baseline}, runtime.Options{})
		call := func(name string, x, y uint64) uint64 {
			res, err := inst.Call(inst.Exports[name].Func, []uint64{x, y})
			require.NoError(t, err, "%s(%#x, %#x)", name, x, y)
			return res[0]
		}
		for range 500 {
			x, y := r.Uint64(), r.Uint64()
			x32, y32 := uint32(x), uint32(y)
			require.EqualValues(t, x32+y32+0x1e88, call("add32", uint64(x32), uint64(y32)))
			require.EqualValues(t, x32+y32-0x12345, call("sub32", uint64(x32), uint64(y32)))
			require.EqualValues(t, x32+y32<<3+0x7fffffff, call("scaled32", uint64(x32), uint64(y32)))
			require.EqualValues(t, x+y-8, call("add64", x, y))
			require.EqualValues(t, x+y<<2+0x40000, call("scaled64", x, y))
			require.EqualValues(t, (x32+y32+5)*(x32+y32), call("twice", uint64(x32), uint64(y32)))
		}
	}
}
