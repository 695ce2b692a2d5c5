package native

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// The differential test generates random valid modules with binaryen's
// translate-to-fuzz mode, runs every exported function in wazero (the
// reference), in the native engine and in the SSA interpreter, and
// compares results, traps and the values logged through the
// fuzzing-support imports.

// fuzzFeatures are the proposals the generated modules may use: WebAssembly
// 2.0 without SIMD, reference types and bulk memory. Bulk memory is left
// out because wazero v1.12.0 does not trap on memory.init from an active
// segment after instantiation dropped it, which the specification (and
// wabt's interpreter, and our engines) do; the spec suites cover bulk
// memory instead.
var fuzzFeatures = []string{"--mvp-features", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
	"--enable-multivalue", "--enable-mutable-globals"}

// outcome is what one call did, with NaNs made comparable.
type outcome struct {
	results []uint64
	trapped bool
	log     []string
}

func (o outcome) String() string {
	return fmt.Sprintf("results %x trapped %v log %v", o.results, o.trapped, o.log)
}

func canonical(t api.ValueType, v uint64) uint64 {
	switch t {
	case api.ValueTypeF32:
		if f := math.Float32frombits(uint32(v)); f != f {
			return 0x7FC00000
		}
		return uint64(uint32(v))
	case api.ValueTypeF64:
		if f := math.Float64frombits(v); f != f {
			return 0x7FF8000000000000
		}
	case api.ValueTypeI32:
		return uint64(uint32(v))
	}
	return v
}

var logTypes = map[string]api.ValueType{"log-i32": api.ValueTypeI32, "log-i64": api.ValueTypeI64,
	"log-f32": api.ValueTypeF32, "log-f64": api.ValueTypeF64}

// diffInputSize bounds the random bytes binaryen turns into a module;
// larger inputs make larger functions (more locals, more spills).
var diffInputSize = 4000

func generate(t *testing.T, dir string, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	raw := make([]byte, 1000+rng.Intn(diffInputSize))
	rng.Read(raw)
	in := filepath.Join(dir, fmt.Sprintf("%d.bin", seed))
	out := filepath.Join(dir, fmt.Sprintf("%d.wasm", seed))
	require.NoError(t, os.WriteFile(in, raw, 0o644))
	args := append([]string{"-ttf", in, "-o", out}, fuzzFeatures...)
	cmd := exec.Command("wasm-opt", args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wasm-opt (Debian package binaryen) failed: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}

// exportOrder lists the exported functions in the module's order: calls
// change state, so every engine must make them in the same order.
func exportOrder(t *testing.T, b []byte) []string {
	m, err := binary.Decode(b)
	require.NoError(t, err)
	var names []string
	for _, ex := range m.Exports {
		if ex.Kind == wasm.ExternFunc {
			names = append(names, ex.Name)
		}
	}
	return names
}

func runWazero(t *testing.T, b []byte) map[string]outcome {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
	defer r.Close(ctx)
	var log []string
	hb := r.NewHostModuleBuilder("fuzzing-support")
	for name, vt := range logTypes {
		name, vt := name, vt
		hb.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			log = append(log, fmt.Sprintf("%s %x", name, canonical(vt, stack[0])))
		}), []api.ValueType{vt}, nil).Export(name)
	}
	_, err := hb.Instantiate(ctx)
	require.NoError(t, err)
	mod, err := r.Instantiate(ctx, b)
	require.NoError(t, err)
	out := map[string]outcome{}
	defs := mod.ExportedFunctionDefinitions()
	for _, name := range exportOrder(t, b) {
		def := defs[name]
		log = nil
		res, err := mod.ExportedFunction(name).Call(ctx, make([]uint64, len(def.ParamTypes()))...)
		o := outcome{trapped: err != nil, log: log}
		for i, v := range res {
			o.results = append(o.results, canonical(def.ResultTypes()[i], v))
		}
		out[name] = o
	}
	return out
}

func runOurs(t *testing.T, b []byte, e runtime.Engine) map[string]outcome {
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	p, err := e.Prepare(m)
	require.NoError(t, err)
	store := &runtime.Store{}
	var log []string
	imp := imports{}
	for name, vt := range logTypes {
		name, vt := name, vt
		wt := map[api.ValueType]wasm.ValueType{api.ValueTypeI32: wasm.I32, api.ValueTypeI64: wasm.I64,
			api.ValueTypeF32: wasm.F32, api.ValueTypeF64: wasm.F64}[vt]
		f := &runtime.Function{Type: wasm.FuncType{Params: []wasm.ValueType{wt}}, Name: name,
			Host: func(_ *runtime.Instance, stack []uint64) error {
				log = append(log, fmt.Sprintf("%s %x", name, canonical(vt, stack[0])))
				return nil
			}}
		store.AddFunction(f)
		imp["fuzzing-support."+name] = runtime.Extern{Kind: wasm.ExternFunc, Func: f}
	}
	inst, err := runtime.Instantiate(store, e, p, m, "fuzz", imp, runtime.Options{})
	require.NoError(t, err)
	out := map[string]outcome{}
	for _, ex := range m.Exports {
		if ex.Kind != wasm.ExternFunc {
			continue
		}
		f := inst.Exports[ex.Name].Func
		log = nil
		res, err := inst.Call(f, make([]uint64, len(f.Type.Params)))
		if err != nil {
			_, isTrap := err.(*runtime.Trap)
			require.True(t, isTrap, "%s: %v", ex.Name, err)
		}
		o := outcome{trapped: err != nil, log: log}
		for i, v := range res {
			o.results = append(o.results, canonical(apiType(f.Type.Results[i]), v))
		}
		out[ex.Name] = o
	}
	return out
}

func apiType(t wasm.ValueType) api.ValueType {
	switch t {
	case wasm.I32:
		return api.ValueTypeI32
	case wasm.F32:
		return api.ValueTypeF32
	case wasm.F64:
		return api.ValueTypeF64
	}
	return api.ValueTypeI64
}

// TestDifferential compares the engines on generated modules: 25 with
// -short, 300 otherwise (WASMKERNEL_DIFF_N overrides).
func TestDifferential(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 25
	}
	if s := os.Getenv("WASMKERNEL_DIFF_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	if s := os.Getenv("WASMKERNEL_DIFF_SIZE"); s != "" {
		fmt.Sscan(s, &diffInputSize)
	}
	dir := t.TempDir()
	calls := 0
	for seed := int64(1); seed <= int64(n); seed++ {
		b := generate(t, dir, seed)
		ref := runWazero(t, b)
		native := runOurs(t, b, &Engine{})
		interpreted := runOurs(t, b, interp.Engine{})
		for name, want := range ref {
			require.Equal(t, want.String(), native[name].String(), "seed %d export %q: native differs from wazero", seed, name)
			require.Equal(t, want.String(), interpreted[name].String(), "seed %d export %q: interpreter differs from wazero", seed, name)
			calls++
		}
	}
	fmt.Printf("differential: %d modules, %d calls, native = interpreter = wazero\n", n, calls)
}
