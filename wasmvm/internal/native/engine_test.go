package native

import (
	"os"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

func instantiate(t *testing.T, b []byte) *runtime.Instance {
	t.Helper()
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	e := &Engine{}
	p, err := e.Prepare(m)
	require.NoError(t, err)
	inst, err := runtime.Instantiate(&runtime.Store{}, e, p, m, "test", nil, runtime.Options{})
	require.NoError(t, err)
	return inst
}

// TestGlobalLayout checks the layout generated code assumes for globals.
func TestGlobalLayout(t *testing.T) {
	var g runtime.Global
	require.EqualValues(t, 0, unsafe.Offsetof(g.Lo))
	require.EqualValues(t, 8, unsafe.Offsetof(g.Hi))
}

func TestCallExports(t *testing.T) {
	b, err := os.ReadFile("testdata/add.wasm")
	require.NoError(t, err)
	inst := instantiate(t, b)
	res, err := inst.Call(inst.Exports["const"].Func, nil)
	require.NoError(t, err)
	require.Equal(t, []uint64{42}, res)
	res, err = inst.Call(inst.Exports["add"].Func, []uint64{40, 2})
	require.NoError(t, err)
	require.Equal(t, []uint64{42}, res)
}

func TestFac(t *testing.T) {
	b, err := os.ReadFile("testdata/fac.wasm")
	require.NoError(t, err)
	inst := instantiate(t, b)
	for _, name := range []string{"fac-iter", "fac-opt", "fac-rec"} {
		res, err := inst.Call(inst.Exports[name].Func, []uint64{25})
		require.NoError(t, err, name)
		require.Equal(t, []uint64{7034535277573963776}, res, name)
	}
	_, err = inst.Call(inst.Exports["fac-rec"].Func, []uint64{1 << 30})
	require.ErrorContains(t, err, "call stack exhausted")
}
