package native

import (
	"encoding/binary"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestWrapsAndScaledAdds checks i32 operations that read wrapped i64
// values without the wrap (the high bits must not leak into results,
// comparisons or addresses) and additions of shifted values lowered as
// one scaled addition, in arithmetic and in addresses, on i64 inputs
// with high bits set.
func TestWrapsAndScaledAdds(t *testing.T) {
	const src = `(module
  (memory 1)
  (func (export "wrapadd") (param i64 i64) (result i32)
    local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.add)
  (func (export "wrapshl") (param i64 i64) (result i32)
    local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.shl)
  (func (export "wraplt") (param i64 i64) (result i32)
    local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.lt_u)
  (func (export "wrapextend") (param i64 i64) (result i64)
    local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.xor i64.extend_i32_u)
  (func (export "scaled32") (param i64 i64) (result i32)
    local.get 0 i32.wrap_i64 local.get 1 i32.wrap_i64 i32.const 3 i32.shl i32.add)
  (func (export "scaled64") (param i64 i64) (result i64)
    local.get 1 i64.const 2 i64.shl local.get 0 i64.add)
  (func (export "loadscaled") (param i64 i64) (result i32)
    ;; a load right before the addition it feeds, whose other operand is
    ;; a shift: the addition is scaled, so the load is not its operand
    local.get 1 i32.wrap_i64 i32.const 15 i32.and i32.const 2 i32.shl
    local.get 0 i32.wrap_i64 i32.const 1020 i32.and i32.load
    i32.add)
  (func (export "bitset") (param i64 i64) (result i64)
    (local i32)
    ;; bits[j >> 6] |= 1 << (j & 63) over a table at base, as a sieve does
    local.get 0 i32.wrap_i64 i32.const 1023 i32.and
    local.get 1 i64.const 6 i64.shr_u i32.wrap_i64 i32.const 3 i32.shl
    i32.add i32.const 8184 i32.and local.tee 2
    local.get 2 i64.load
    i64.const 1 local.get 1 i64.shl i64.or
    i64.store
    local.get 2 i64.load))`
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "wrapadd", src))
	r := rand.New(rand.NewSource(5))
	call := func(name string, x, y uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, []uint64{x, y})
		require.NoError(t, err, "%s(%#x, %#x)", name, x, y)
		return res[0]
	}
	bits := map[uint32]uint64{}
	for i := 0; i < 2000; i++ {
		x, y := r.Uint64(), r.Uint64()>>uint(r.Intn(64))
		x32, y32 := uint32(x), uint32(y)
		require.EqualValues(t, x32+y32, call("wrapadd", x, y))
		require.EqualValues(t, x32<<(y32&31), call("wrapshl", x, y))
		require.EqualValues(t, b2i(x32 < y32), call("wraplt", x, y))
		require.EqualValues(t, uint64(x32^y32), call("wrapextend", x, y))
		require.EqualValues(t, x32+y32<<3, call("scaled32", x, y))
		require.EqualValues(t, x+y<<2, call("scaled64", x, y))
		require.EqualValues(t, (y32&15)<<2+loadAt(t, inst, x32&1020), call("loadscaled", x, y))
		addr := (uint32(x)&1023 + uint32(y>>6)<<3) & 8184
		bits[addr] |= 1 << (y & 63)
		require.EqualValues(t, bits[addr], call("bitset", x, y), "bitset(%#x, %#x)", x, y)
	}
}

// loadAt reads the i32 at addr of inst's memory.
func loadAt(t *testing.T, inst *runtime.Instance, addr uint32) uint32 {
	t.Helper()
	return binary.LittleEndian.Uint32(inst.Memory.Bytes[addr:])
}

func b2i(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
