package native

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
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
	host := &runtime.Function{
		Type: wasm.FuncType{Params: []wasm.ValueType{wasm.I32}, Results: []wasm.ValueType{wasm.I32}},
		Host: func(_ *runtime.Instance, stack []uint64) error {
			stack[0] = uint64(uint32(stack[0]) + 1)
			return nil
		},
	}
	return instanceWithHost(tb, &Engine{}, "testdata/hostcall.wasm", "env.f", host)
}

// instanceWithHost instantiates the module in file on e, named after the
// file, with host as its one import, named name ("module.field").
func instanceWithHost(tb testing.TB, e *Engine, file, name string, host *runtime.Function) *runtime.Instance {
	b, err := os.ReadFile(file)
	require.NoError(tb, err)
	m, err := binary.Decode(b)
	require.NoError(tb, err)
	require.NoError(tb, wasm.Validate(m, wasm.Features{}))
	p, err := e.Prepare(m)
	require.NoError(tb, err)
	store := &runtime.Store{}
	store.AddFunction(host)
	inst, err := runtime.Instantiate(store, e, p, m, strings.TrimSuffix(filepath.Base(file), ".wasm"), imports{name: {Kind: wasm.ExternFunc, Func: host}}, runtime.Options{})
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

// TestSIMDCalls passes v128 values (two words each) to and from a host
// function and WebAssembly functions while more vectors than registers
// stay live across the calls, in both memory modes.
func TestSIMDCalls(t *testing.T) {
	m, _ := decodeFile(t, "testdata/simdcall.wasm")
	if !hostSIMD { // refused cleanly, as TestSIMD checks
		_, err := (&Engine{}).Prepare(m)
		require.True(t, backend.IsUnsupported(err), "%v", err)
		return
	}
	// swap returns its vector with the halves exchanged, and its i32
	// plus its f64 truncated.
	swap := &runtime.Function{
		Type: wasm.FuncType{Params: []wasm.ValueType{wasm.I32, wasm.V128, wasm.F64},
			Results: []wasm.ValueType{wasm.V128, wasm.I32}},
		Host: func(_ *runtime.Instance, stack []uint64) error {
			x, lo, hi, f := stack[0], stack[1], stack[2], math.Float64frombits(stack[3])
			stack[0], stack[1], stack[2] = hi, lo, uint64(uint32(x)+uint32(f))
			return nil
		},
	}
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		e := &Engine{Memory: mode}
		p, err := e.Prepare(m)
		require.NoError(t, err)
		store := &runtime.Store{}
		store.AddFunction(swap)
		inst, err := runtime.Instantiate(store, e, p, m, "simdcall", imports{"env.swap": {Kind: wasm.ExternFunc, Func: swap}},
			runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		require.NoError(t, err)
		const x = 100
		res, err := inst.Call(inst.Exports["run"].Func, []uint64{x})
		require.NoError(t, err)
		// Lanes: the sum of the fourteen vectors ([7, x, x, x] and
		// x+1 .. x+13 splatted) plus [x, x, 7, x].
		lanes := [4]uint64{14*x + 98, 15*x + 91, 14*x + 98, 15*x + 91}
		require.Equal(t, []uint64{lanes[0] | lanes[1]<<32, lanes[2] | lanes[3]<<32, x + 1}, res, "%s", mode)
	}
}
