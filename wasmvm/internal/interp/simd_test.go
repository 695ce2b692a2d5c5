package interp

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// simdModule is
//
//	(memory 1)
//	(func (export "add") (param v128 v128) (result v128)
//	  (i32x4.add (local.get 0) (local.get 1)))
//	(func (export "store") (param i32 v128)
//	  (v128.store16_lane offset=2 7 (local.get 0) (local.get 1)))
var simdModule = []byte("\x00asm\x01\x00\x00\x00" +
	"\x01\x0c\x02\x60\x02\x7b\x7b\x01\x7b\x60\x02\x7f\x7b\x00" + // types
	"\x03\x03\x02\x00\x01" + // functions
	"\x05\x03\x01\x00\x01" + // memory
	"\x07\x0f\x02\x03add\x00\x00\x05store\x00\x01" + // exports
	"\x0a\x17\x02" + // code
	"\x09\x00\x20\x00\x20\x01\xfd\xae\x01\x0b" +
	"\x0b\x00\x20\x00\x20\x01\xfd\x59\x01\x02\x07\x0b")

func instantiateSIMD(t *testing.T) *runtime.Instance {
	t.Helper()
	m, err := binary.Decode(simdModule)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	p, err := Engine{}.Prepare(m)
	require.NoError(t, err)
	inst, err := runtime.Instantiate(&runtime.Store{}, Engine{}, p, m, "simd", nil, runtime.Options{})
	require.NoError(t, err)
	return inst
}

// TestV128Slots checks that v128 arguments and results take two slots,
// low half first.
func TestV128Slots(t *testing.T) {
	inst := instantiateSIMD(t)
	res, err := inst.Call(inst.Exports["add"].Func, []uint64{
		0x00000002_FFFFFFFF, 0x00000004_00000003, // lanes -1, 2, 3, 4
		0x00000001_00000001, 0x00000001_00000001, // lanes 1, 1, 1, 1
	})
	require.NoError(t, err)
	require.Equal(t, []uint64{0x00000003_00000000, 0x00000005_00000004}, res)
}

// TestStoreLaneBounds checks a lane store's effect and its bounds check,
// which covers only the bytes the lane writes.
func TestStoreLaneBounds(t *testing.T) {
	inst := instantiateSIMD(t)
	store := inst.Exports["store"].Func
	v := ssa.V128{}
	v.SetLane(ssa.ShapeI16x8, 7, 0xBEEF)
	_, err := inst.Call(store, []uint64{100, v.Lo, v.Hi})
	require.NoError(t, err)
	require.Equal(t, []byte{0xEF, 0xBE}, inst.Memory.Bytes[102:104])
	_, err = inst.Call(store, []uint64{runtime.PageSize - 4, v.Lo, v.Hi})
	require.NoError(t, err)
	_, err = inst.Call(store, []uint64{runtime.PageSize - 3, v.Lo, v.Hi})
	require.ErrorIs(t, err, runtime.NewTrap(ssa.TrapMemoryOutOfBounds))
}
