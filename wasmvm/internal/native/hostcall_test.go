package native

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// imports is a runtime.Resolver over a fixed map.
type imports map[string]runtime.Extern

func (i imports) Resolve(module, name string) (runtime.Extern, bool) {
	e, ok := i[module+"."+name]
	return e, ok
}

func hostCallInstance(tb testing.TB) *runtime.Instance {
	b, err := os.ReadFile("testdata/hostcall.wasm")
	require.NoError(tb, err)
	m, err := binary.Decode(b)
	require.NoError(tb, err)
	require.NoError(tb, wasm.Validate(m, wasm.Features{}))
	e := &Engine{}
	p, err := e.Prepare(m)
	require.NoError(tb, err)
	store := &runtime.Store{}
	host := &runtime.Function{
		Type: wasm.FuncType{Params: []wasm.ValueType{wasm.I32}, Results: []wasm.ValueType{wasm.I32}},
		Host: func(_ *runtime.Instance, stack []uint64) error {
			stack[0] = uint64(uint32(stack[0]) + 1)
			return nil
		},
	}
	store.AddFunction(host)
	inst, err := runtime.Instantiate(store, e, p, m, "hostcall", imports{"env.f": {Kind: wasm.ExternFunc, Func: host}}, runtime.Options{})
	require.NoError(tb, err)
	return inst
}

func TestHostCalls(t *testing.T) {
	inst := hostCallInstance(t)
	for _, name := range []string{"host_loop", "wasm_loop"} {
		res, err := inst.Call(inst.Exports[name].Func, []uint64{1000})
		require.NoError(t, err)
		require.Equal(t, []uint64{1000}, res, name)
	}
}

// BenchmarkCall measures a WebAssembly -> host call against a WebAssembly
// -> WebAssembly call in the same loop; ns/op is per call.
func BenchmarkCall(b *testing.B) {
	inst := hostCallInstance(b)
	for _, name := range []string{"wasm_loop", "host_loop"} {
		b.Run(name, func(b *testing.B) {
			_, err := inst.Call(inst.Exports[name].Func, []uint64{uint64(b.N)})
			require.NoError(b, err)
		})
	}
}

// TestHostGrowsMemory grows memory from a host function: the code after
// the call sees the new bounds (the engine refreshes instance contexts
// after host calls when a memory or table changed).
func TestHostGrowsMemory(t *testing.T) {
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		t.Run(mode.String(), func(t *testing.T) {
			m, _ := decodeFile(t, "testdata/hostgrow.wasm")
			e := &Engine{Memory: mode}
			p, err := e.Prepare(m)
			require.NoError(t, err)
			store := &runtime.Store{}
			grow := &runtime.Function{
				Type: wasm.FuncType{Results: []wasm.ValueType{wasm.I32}},
				Host: func(inst *runtime.Instance, stack []uint64) error {
					stack[0] = uint64(inst.Memory.Grow(1))
					return nil
				},
			}
			store.AddFunction(grow)
			inst, err := runtime.Instantiate(store, e, p, m, "hostgrow", imports{"env.grow": {Kind: wasm.ExternFunc, Func: grow}},
				runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
			require.NoError(t, err)
			for pages := uint64(2); pages <= 4; pages++ {
				res, err := inst.Call(inst.Exports["grow_and_store"].Func, []uint64{40})
				require.NoError(t, err)
				require.Equal(t, []uint64{40 + pages}, res)
			}
		})
	}
}
