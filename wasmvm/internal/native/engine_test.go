package native

import (
	"os"
	goruntime "runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

func instantiate(t *testing.T, b []byte) *runtime.Instance {
	t.Helper()
	return instantiateWith(t, b, &Engine{}, runtime.Options{})
}

// instantiateWith decodes, validates, compiles and instantiates b with e.
func instantiateWith(t *testing.T, b []byte, e runtime.Engine, opts runtime.Options) *runtime.Instance {
	t.Helper()
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	p, err := e.Prepare(m)
	require.NoError(t, err)
	inst, err := runtime.Instantiate(&runtime.Store{}, e, p, m, "test", nil, opts)
	require.NoError(t, err)
	return inst
}

// decodeFile reads, decodes and validates a module file.
func decodeFile(t *testing.T, path string) (*wasm.Module, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	return m, b
}

// TestGlobalLayout checks the layout generated code assumes for globals.
func TestGlobalLayout(t *testing.T) {
	var g runtime.Global
	require.EqualValues(t, 0, unsafe.Offsetof(g.Lo))
	require.EqualValues(t, 8, unsafe.Offsetof(g.Hi))
	require.EqualValues(t, exec.SizeofGlobal, unsafe.Sizeof(g), "the code indexes DefinedGlobals by exec.SizeofGlobal")
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

// TestSIMD checks that a module with v128 values runs where the backend
// compiles SIMD, and is refused cleanly elsewhere, with an error that
// marks a missing feature.
func TestSIMD(t *testing.T) {
	m, b := decodeFile(t, "testdata/simd.wasm")
	if !hostSIMD {
		_, err := (&Engine{}).Prepare(m)
		require.Error(t, err)
		require.True(t, backend.IsUnsupported(err), "%v", err)
		return
	}
	inst := instantiate(t, b)
	res, err := inst.Call(inst.Exports["sum"].Func, []uint64{10})
	require.NoError(t, err)
	require.Equal(t, []uint64{13}, res)
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

// TestNativeModuleRoundTrip compiles, serializes, loads and runs a module,
// and checks it computes what the in-process compilation computes.
func TestNativeModuleRoundTrip(t *testing.T) {
	m, src := decodeFile(t, "testdata/fac.wasm")
	compile, err := backend.For(hostArch)
	require.NoError(t, err)
	obj, err := compile(m, src, objfile.BoundsChecked)
	require.NoError(t, err)
	e := &Engine{}
	loaded, err := objfile.Decode(objfile.Encode(obj), e.Expect())
	require.NoError(t, err)
	require.Equal(t, src, loaded.Source)

	m2, err := binary.Decode(loaded.Source)
	require.NoError(t, err)
	p, err := e.PrepareObject(loaded)
	require.NoError(t, err)
	inst, err := runtime.Instantiate(&runtime.Store{}, e, p, m2, "fac", nil, runtime.Options{})
	require.NoError(t, err)
	direct := instantiate(t, src)
	for _, name := range []string{"fac-rec", "fac-iter", "fac-opt"} {
		want, err := direct.Call(direct.Exports[name].Func, []uint64{20})
		require.NoError(t, err)
		got, err := inst.Call(inst.Exports[name].Func, []uint64{20})
		require.NoError(t, err)
		require.Equal(t, want, got, name)
	}
}

// TestParameterCycles runs loops whose block parameters are passed to
// themselves permuted (a regression: the moves were once done in sequence
// and clobbered each other).
func TestParameterCycles(t *testing.T) {
	b, err := os.ReadFile("testdata/swap.wasm")
	require.NoError(t, err)
	inst := instantiate(t, b)
	for n, want := range map[uint64][]uint64{0: {1, 2, 3}, 1: {2, 3, 1}, 2: {3, 1, 2}, 4: {2, 3, 1}} {
		res, err := inst.Call(inst.Exports["rotate"].Func, []uint64{n})
		require.NoError(t, err)
		require.Equal(t, want, res, "rotate %d", n)
	}
	res, err := inst.Call(inst.Exports["swapf"].Func, []uint64{3})
	require.NoError(t, err)
	require.Equal(t, []uint64{0xC004000000000000, 0x3FF8000000000000}, res) // -2.5, 1.5
}

// TestInterrupt stops an endless loop from another goroutine.
func TestInterrupt(t *testing.T) {
	b, err := os.ReadFile("testdata/spin.wasm")
	require.NoError(t, err)
	e := &Engine{}
	inst := instantiateWith(t, b, e, runtime.Options{})
	err = callInterrupted(e, inst, "spin")
	require.ErrorContains(t, err, "interrupted")
	require.Equal(t, []string{"spin"}, frameNames(t, err))
	// The engine runs normally afterwards.
	res, err := inst.Call(inst.Exports["deep"].Func, []uint64{0})
	require.NoError(t, err)
	require.Equal(t, []uint64{0}, res)
}

// TestInterruptAroundShortLoop stops an endless loop whose body is a
// short counted loop: the inner loop has no epoch check of its own
// (mach.ShortLoops), the outer one does.
func TestInterruptAroundShortLoop(t *testing.T) {
	b, err := os.ReadFile("testdata/spin.wasm")
	require.NoError(t, err)
	e := &Engine{}
	inst := instantiateWith(t, b, e, runtime.Options{})
	err = callInterrupted(e, inst, "nested")
	require.ErrorContains(t, err, "interrupted")
	require.Equal(t, []string{"nested"}, frameNames(t, err))
	res, err := inst.Call(inst.Exports["count"].Func, nil)
	require.NoError(t, err)
	require.Equal(t, []uint64{499500}, res)
}

// TestInterruptRecursion stops a recursion without loops, 2^62 calls
// at most 62 deep, which only the stack checks of function entries see
// (exec.Context.Interrupt raises the stack limit).
func TestInterruptRecursion(t *testing.T) {
	b, err := os.ReadFile("testdata/spin.wasm")
	require.NoError(t, err)
	e := &Engine{}
	inst := instantiateWith(t, b, e, runtime.Options{})
	err = callInterrupted(e, inst, "fork", 62)
	require.ErrorContains(t, err, "interrupted")
	require.Contains(t, frameNames(t, err), "fork")
	// A later call is not interrupted.
	res, err := inst.Call(inst.Exports["fork"].Func, []uint64{3})
	require.NoError(t, err)
	require.Equal(t, []uint64{8}, res)
}

// callInterrupted calls export name with args while another goroutine
// keeps interrupting the engine, and returns the call's error. Interrupt
// stops calls in progress: it keeps asking until the call has started
// and stopped. Each round first runs a whole garbage collection, which
// must not wait for the spinning native code (it has no Go safe point;
// the engine runs it as the runtime runs a system call).
func callInterrupted(e *Engine, inst *runtime.Instance, name string, args ...uint64) error {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
				goruntime.GC()
				e.Interrupt()
			}
		}
	}()
	_, err := inst.Call(inst.Exports[name].Func, args)
	close(done)
	return err
}

// TestGuardCodeNeedsGuardedMemory checks that code compiled for
// guard-region memory, which does not check its accesses, refuses an
// instance whose memory has no guard region.
func TestGuardCodeNeedsGuardedMemory(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "guardneeded", `(module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`)
	m, err := binary.Decode(b)
	require.NoError(t, err)
	e := &Engine{Memory: objfile.GuardRegions}
	p, err := e.Prepare(m)
	require.NoError(t, err)
	_, err = runtime.Instantiate(&runtime.Store{}, e, p, m, "plain", nil, runtime.Options{})
	require.ErrorContains(t, err, "needs a guarded memory")
	inst, err := runtime.Instantiate(&runtime.Store{}, e, p, m, "guarded", nil, runtime.Options{GuardedMemory: true})
	require.NoError(t, err)
	_, err = inst.Call(inst.Exports["load"].Func, []uint64{65536})
	require.ErrorContains(t, err, "out of bounds memory access")
}
