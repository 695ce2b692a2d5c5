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

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
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

// simdFuzzFeatures adds SIMD, with binaryen's de-NaN instrumentation: a
// v128 result is compared bit by bit, and without knowing how its lanes
// are read, NaN payloads (which the specification leaves open) could not
// be made comparable.
// The flags come after fuzzFeatures, whose --mvp-features would turn
// SIMD off again.
var simdFuzzFeatures = append(append([]string(nil), fuzzFeatures...), "--enable-simd", "--denan")

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
	"log-f32": api.ValueTypeF32, "log-f64": api.ValueTypeF64, "log-v128": valueTypeV128}

// valueTypeV128 is the v128 value type, which wazero's api package does
// not name (its functions take and return a v128 as two uint64 slots).
const valueTypeV128 api.ValueType = 0x7B

// logEntry renders a call of a logging import, whose argument is in
// stack.
func logEntry(name string, vt api.ValueType, stack []uint64) string {
	if vt == valueTypeV128 {
		return fmt.Sprintf("%s %x %x", name, stack[0], stack[1])
	}
	return fmt.Sprintf("%s %x", name, canonical(vt, stack[0]))
}

// slotTypes expands types to one per value slot: a v128 takes two.
func slotTypes(ts []api.ValueType) []api.ValueType {
	var out []api.ValueType
	for _, t := range ts {
		out = append(out, t)
		if t == valueTypeV128 {
			out = append(out, t)
		}
	}
	return out
}

// diffInputSize bounds the random bytes binaryen turns into a module;
// larger inputs make larger functions (more locals, more spills).
var diffInputSize = 4000

func generate(t *testing.T, dir string, seed int64, features []string) []byte {
	rng := rand.New(rand.NewSource(seed))
	raw := make([]byte, 1000+rng.Intn(diffInputSize))
	rng.Read(raw)
	in := filepath.Join(dir, fmt.Sprintf("%d.bin", seed))
	out := filepath.Join(dir, fmt.Sprintf("%d.wasm", seed))
	require.NoError(t, os.WriteFile(in, raw, 0o644))
	args := append([]string{"-ttf", in, "-o", out}, features...)
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
			log = append(log, logEntry(name, vt, stack))
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
		res, err := mod.ExportedFunction(name).Call(ctx, make([]uint64, len(slotTypes(def.ParamTypes())))...)
		o := outcome{trapped: err != nil, log: log}
		for i, v := range res {
			o.results = append(o.results, canonical(slotTypes(def.ResultTypes())[i], v))
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
			api.ValueTypeF32: wasm.F32, api.ValueTypeF64: wasm.F64, valueTypeV128: wasm.V128}[vt]
		f := &runtime.Function{Type: wasm.FuncType{Params: []wasm.ValueType{wt}}, Name: name,
			Host: func(_ *runtime.Instance, stack []uint64) error {
				log = append(log, logEntry(name, vt, stack))
				return nil
			}}
		store.AddFunction(f)
		imp["fuzzing-support."+name] = runtime.Extern{Kind: wasm.ExternFunc, Func: f}
	}
	native, ok := e.(*Engine)
	guarded := ok && native.mode() == objfile.GuardRegions
	inst, err := runtime.Instantiate(store, e, p, m, "fuzz", imp, runtime.Options{GuardedMemory: guarded})
	require.NoError(t, err)
	out := map[string]outcome{}
	for _, ex := range m.Exports {
		if ex.Kind != wasm.ExternFunc {
			continue
		}
		f := inst.Exports[ex.Name].Func
		log = nil
		res, err := inst.Call(f, make([]uint64, runtime.Slots(f.Type.Params)))
		if err != nil {
			_, isTrap := err.(*runtime.Trap)
			require.True(t, isTrap, "%s: %v", ex.Name, err)
		}
		o := outcome{trapped: err != nil, log: log}
		var types []api.ValueType
		for _, rt := range f.Type.Results {
			types = append(types, apiType(rt))
		}
		for i, v := range res {
			o.results = append(o.results, canonical(slotTypes(types)[i], v))
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
	case wasm.V128:
		return valueTypeV128
	}
	return api.ValueTypeI64
}

// diffModules returns the first seed and how many modules a differential
// test generates: seeds from 1 (or WASMKERNEL_DIFF_SEED, for a campaign
// over modules the default runs never see), 25 modules with -short, 300
// otherwise, or WASMKERNEL_DIFF_N; WASMKERNEL_DIFF_SIZE sets
// diffInputSize.
func diffModules() (first int64, n int) {
	first, n = 1, 300
	if testing.Short() {
		n = 25
	}
	if s := os.Getenv("WASMKERNEL_DIFF_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	if s := os.Getenv("WASMKERNEL_DIFF_SIZE"); s != "" {
		fmt.Sscan(s, &diffInputSize)
	}
	if s := os.Getenv("WASMKERNEL_DIFF_SEED"); s != "" {
		fmt.Sscan(s, &first)
	}
	return first, n
}

// namedEngine is an engine under differential test.
type namedEngine struct {
	name   string
	engine runtime.Engine
}

// differential runs the generated modules (as many as diffModules says)
// in wazero and in each engine, requires equal outcomes, and returns the
// number of modules and of calls compared.
func differential(t *testing.T, features []string, engines ...namedEngine) (modules, calls int) {
	first, n := diffModules()
	dir := t.TempDir()
	for seed := first; seed < first+int64(n); seed++ {
		b := generate(t, dir, seed, features)
		ref := runWazero(t, b)
		for _, e := range engines {
			got := runOurs(t, b, e.engine)
			for name, want := range ref {
				require.Equal(t, want.String(), got[name].String(), "seed %d export %q: %s differs from wazero", seed, name, e.name)
			}
		}
		calls += len(ref)
	}
	return n, calls
}

// TestDifferential compares the native engine, in both memory modes, and
// the interpreter with wazero on generated modules.
func TestDifferential(t *testing.T) {
	n, calls := differential(t, fuzzFeatures, namedEngine{"native", &Engine{}},
		namedEngine{"native guard-region", &Engine{Memory: objfile.GuardRegions}}, namedEngine{"interpreter", interp.Engine{}})
	fmt.Printf("differential: %d modules, %d calls, native (bounds-checked) = native (guard-region) = interpreter = wazero\n", n, calls)
}

// TestDifferentialSIMD compares the interpreter, and the native engine
// where its backend compiles SIMD, with wazero on generated modules that
// use SIMD.
func TestDifferentialSIMD(t *testing.T) {
	if !hostSIMD {
		n, calls := differential(t, simdFuzzFeatures, namedEngine{"interpreter", interp.Engine{}})
		fmt.Printf("differential SIMD: %d modules, %d calls, interpreter = wazero\n", n, calls)
		return
	}
	engines := []namedEngine{{"native", &Engine{}}, {"native guard-region", &Engine{Memory: objfile.GuardRegions}},
		{"interpreter", interp.Engine{}}}
	label := "native (bounds-checked, guard-region)"
	if backend.HostFeatures(hostArch) != backend.BaselineFeatures(hostArch) {
		// This CPU has more than the baseline (AVX): the code for it and
		// the baseline code differ, and both must be right.
		engines = append(engines, namedEngine{"native baseline", &Engine{Baseline: true}})
		label = "native (bounds-checked, guard-region; " + backend.FeatureNames(hostArch, backend.HostFeatures(hostArch)) + ") = native baseline"
	}
	n, calls := differential(t, simdFuzzFeatures, engines...)
	fmt.Printf("differential SIMD: %d modules, %d calls, %s = interpreter = wazero\n", n, calls, label)
}

// generatedModules is how many generated modules a differential test
// runs: full, or short under -short.
func generatedModules(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}
