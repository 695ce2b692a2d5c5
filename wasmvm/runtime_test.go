package wasmvm_test

import (
	"context"
	"errors"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

const loadWAT = `(module
  (memory 1)
  (data (i32.const 16) "\2a")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))`

// TestInstantiateNative runs a module compiled ahead of time, in both
// memory modes, and refuses native modules that do not fit the runtime.
func TestInstantiateNative(t *testing.T) {
	m, err := wasmvm.ParseModule(wattest.Assemble(t, loadWAT))
	require.NoError(t, err)
	for _, mode := range []string{"bounds", "guard"} {
		t.Run(mode, func(t *testing.T) {
			native, err := m.CompileNative(goruntime.GOARCH, mode)
			require.NoError(t, err)
			rt, err := wasmvm.NewRuntime(context.Background(), wasmvm.WithMemory(mode))
			require.NoError(t, err)
			inst, err := rt.InstantiateNative(native, "m")
			require.NoError(t, err)
			res, err := inst.Call("load", 16)
			require.NoError(t, err)
			require.Equal(t, []uint64{42}, res)
			_, err = inst.Call("load", 70000)
			var trap *wasmvm.Trap
			require.True(t, errors.As(err, &trap), "out-of-bounds load traps: %v", err)
			require.ErrorContains(t, err, "out of bounds")
		})
	}
	guard, err := m.CompileNative(goruntime.GOARCH, "guard")
	require.NoError(t, err)
	rt, err := wasmvm.NewRuntime(context.Background())
	require.NoError(t, err)
	_, err = rt.InstantiateNative(guard, "m")
	require.ErrorContains(t, err, "does not match", "a guard-mode module in a bounds-mode runtime")
	damaged := append([]byte(nil), guard...)
	damaged[len(damaged)/2] ^= 1
	_, err = rt.InstantiateNative(damaged, "m")
	require.ErrorContains(t, err, "checksum")
	foreignArch := map[string]string{"amd64": "arm64", "arm64": "amd64"}[goruntime.GOARCH]
	foreign, err := m.CompileNative(foreignArch, "bounds")
	require.NoError(t, err, "cross-compiling works on any host")
	_, err = rt.InstantiateNative(foreign, "m")
	require.ErrorContains(t, err, "compiled for "+foreignArch+", this machine is "+goruntime.GOARCH)
	_, err = wasmvm.NewRuntime(context.Background(), wasmvm.WithMemory("paged"))
	require.ErrorContains(t, err, "unknown memory mode")
}
