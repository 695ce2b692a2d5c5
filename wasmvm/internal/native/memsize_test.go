package native

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestMemorySizeInBytes checks memory.size scaled to bytes (which the
// backends read as one value) before and after memory.grow, and that the
// size is read where memory.size stands when a call between it and the
// scaling grows the memory.
func TestMemorySizeInBytes(t *testing.T) {
	const src = `(module
  (memory 1 8)
  (func $grow (param i32) (result i32) local.get 0 memory.grow)
  (func (export "bytes") (result i64)
    memory.size i64.extend_i32_u i64.const 16 i64.shl)
  (func (export "grow") (param i32) (result i32) local.get 0 call $grow)
  (func (export "before_grow") (param i32) (result i64)
    (local i32)
    memory.size local.set 1
    local.get 0 call $grow drop
    local.get 1 i64.extend_i32_u i64.const 16 i64.shl)
  (func (export "fits") (param i32) (result i32)
    local.get 0 i64.extend_i32_u i64.const 8 i64.add
    memory.size i64.extend_i32_u i64.const 16 i64.shl
    i64.le_u))`
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "memsize", src))
	call := func(name string, args ...uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, args)
		require.NoError(t, err, name)
		return res[0]
	}
	require.EqualValues(t, 1<<16, call("bytes"))
	require.EqualValues(t, 1, call("fits", 1<<16-8))
	require.EqualValues(t, 0, call("fits", 1<<16-7))
	require.EqualValues(t, 0, call("fits", 0xffffffff))
	require.EqualValues(t, 1, call("grow", 2))
	require.EqualValues(t, 3<<16, call("bytes"))
	require.EqualValues(t, 1, call("fits", 3<<16-8))
	require.EqualValues(t, 3<<16, call("before_grow", 1))
	require.EqualValues(t, 4<<16, call("bytes"))
}
