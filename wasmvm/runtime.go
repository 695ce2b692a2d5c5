package wasmvm

import (
	"context"
	"fmt"
	"io"
	goruntime "runtime"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/native"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Trap is the error of a WebAssembly trap; its Code says which.
type Trap = runtime.Trap

// HostFunction is a function implemented in Go that modules import.
// Arguments arrive in stack[:len(Params)]; results go to
// stack[:len(Results)]; mem is the calling instance's memory (nil without
// one). A returned error stops the calling code and is returned by
// Instance.Call.
type HostFunction struct {
	Name            string
	Params, Results []byte // value type codes: 0x7F i32, 0x7E i64, 0x7D f32, 0x7C f64
	Call            func(ctx context.Context, mem []byte, stack []uint64) error
}

// Runtime instantiates modules with wasmkernel's compiler and runs them
// natively in this process.
type Runtime struct {
	engine  *native.Engine
	store   *runtime.Store
	modules map[string]map[string]runtime.Extern
	ctx     context.Context
}

// Option configures a Runtime.
type Option func(*Runtime) error

// WithMemory selects how code guards linear memory: "bounds" (explicit
// checks, the default) or "guard" (guard regions: out-of-bounds accesses
// fault and the fault becomes a trap).
func WithMemory(mode string) Option {
	return func(r *Runtime) error {
		m, err := parseMemoryMode(mode)
		r.engine.Memory = m
		return err
	}
}

// WithExclusiveProcessor lets WebAssembly code keep the goroutine's
// processor while it runs instead of leaving it like a system call, which
// makes every host call cheaper. It is for a program with one processor
// and nothing else to run while WebAssembly code does (the wasmkernel
// kernel); it is refused unless GOMAXPROCS is 1, and Go code of the program
// cannot interrupt WebAssembly code that makes no host calls.
func WithExclusiveProcessor() Option {
	return func(r *Runtime) error {
		if n := goruntime.GOMAXPROCS(0); n != 1 {
			return fmt.Errorf("an exclusive processor needs GOMAXPROCS 1, not %d", n)
		}
		r.engine.Exclusive = true
		return nil
	}
}

// CounterClock describes a clock as a linear function of the processor's
// free-running counter (the time-stamp counter on amd64, CNTVCT_EL0 on
// arm64): at counter value Base the clock reads Offset nanoseconds, and
// each count adds Mult / 2^32 nanoseconds.
type CounterClock struct {
	Base   uint64
	Mult   uint64
	Offset int64
}

// WithCounterClock gives the runtime the real-time and monotonic clocks
// as counter clocks: compiled code then reads them itself when it calls
// WASI's clock_time_get for one of the two, the way Linux's vDSO serves
// clock_gettime, and only calls the host for other clocks or a bad
// pointer. The embedder's clock_time_get must read the same clocks.
func WithCounterClock(realtime, monotonic CounterClock) Option {
	return func(r *Runtime) error {
		c := &exec.CounterClock{}
		for i, p := range []CounterClock{realtime, monotonic} {
			c.Clocks[i] = exec.CounterClockParams{Base: p.Base, Mult: p.Mult, Offset: p.Offset}
		}
		r.engine.Clock = c
		return nil
	}
}

// WithPerfMap makes the runtime describe the code it compiles to w, one
// line per function in the format of Linux perf's JIT symbol maps; write
// them to /tmp/perf-PID.map for `perf report` to name WebAssembly
// functions.
func WithPerfMap(w io.Writer) Option {
	return func(r *Runtime) error {
		r.engine.PerfMap = w
		return nil
	}
}

// NewRuntime returns a runtime whose host functions receive ctx.
func NewRuntime(ctx context.Context, opts ...Option) (*Runtime, error) {
	r := &Runtime{engine: &native.Engine{}, store: &runtime.Store{},
		modules: map[string]map[string]runtime.Extern{}, ctx: ctx}
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// RegisterHost makes funcs importable from module name.
func (r *Runtime) RegisterHost(name string, funcs []HostFunction) {
	exports := r.modules[name]
	if exports == nil {
		exports = map[string]runtime.Extern{}
		r.modules[name] = exports
	}
	for _, hf := range funcs {
		hf := hf
		f := &runtime.Function{Name: hf.Name, Type: wasm.FuncType{Params: valueTypes(hf.Params), Results: valueTypes(hf.Results)},
			Host: func(caller *runtime.Instance, stack []uint64) error {
				var mem []byte
				if caller != nil && caller.Memory != nil {
					mem = caller.Memory.Bytes
				}
				return hf.Call(r.ctx, mem, stack)
			},
			MemoryHost: hf.Call, HostCtx: r.ctx}
		r.store.AddFunction(f)
		exports[hf.Name] = runtime.Extern{Kind: wasm.ExternFunc, Func: f}
	}
}

func valueTypes(b []byte) []wasm.ValueType {
	ts := make([]wasm.ValueType, len(b))
	for i, t := range b {
		ts[i] = wasm.ValueType(t)
	}
	return ts
}

// Resolve implements the runtime's import resolution over registered
// modules.
func (r *Runtime) Resolve(module, name string) (runtime.Extern, bool) {
	e, ok := r.modules[module][name]
	return e, ok
}

// Interrupt stops every call in progress in this runtime: the code traps
// with "interrupted" at its next loop iteration or function call. Safe to
// call from any goroutine.
func (r *Runtime) Interrupt() { r.engine.Interrupt() }

// Instance is an instantiated module.
type Instance struct {
	inst *runtime.Instance
}

// Instantiate compiles m for this machine, links its imports against the
// registered modules and runs its start function.
func (r *Runtime) Instantiate(m *Module, name string) (*Instance, error) {
	prepared, err := r.engine.Prepare(m.m)
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	return r.instantiate(m, prepared, name)
}

// InstantiateNative loads a native module compiled ahead of time by
// CompileNative: it checks that the module is intact, of this build's
// format version, for this machine's instruction set and CPU features and
// for this runtime's memory mode, and that its embedded WebAssembly module
// matches the hash it records; then it links and starts that module with
// the precompiled code, compiling nothing. The module's declarations are
// validated again, its function bodies are not: they were when it was
// compiled, and the machine code is what runs.
func (r *Runtime) InstantiateNative(b []byte, name string) (*Instance, error) {
	obj, err := objfile.Decode(b, r.engine.Expect())
	if err != nil {
		return nil, err
	}
	m, err := parseCompiledSource(obj.Source, obj.SourceSHA)
	if err != nil {
		return nil, fmt.Errorf("the native module's source: %w", err)
	}
	prepared, err := r.engine.PrepareObject(obj)
	if err != nil {
		return nil, err
	}
	return r.instantiate(m, prepared, name)
}

func (r *Runtime) instantiate(m *Module, prepared any, name string) (*Instance, error) {
	opts := runtime.Options{GuardedMemory: r.engine.Memory == objfile.GuardRegions}
	inst, err := runtime.Instantiate(r.store, r.engine, prepared, m.m, name, r, opts)
	if err != nil {
		return nil, err
	}
	exports := map[string]runtime.Extern{}
	for k, v := range inst.Exports {
		exports[k] = v
	}
	r.modules[name] = exports
	return &Instance{inst: inst}, nil
}

// Call runs the exported function name. Arguments and results are one
// uint64 each, two (low half first) for a v128.
func (i *Instance) Call(name string, args ...uint64) ([]uint64, error) {
	ext, ok := i.inst.Exports[name]
	if !ok || ext.Func == nil {
		return nil, fmt.Errorf("no exported function %q", name)
	}
	if n := runtime.Slots(ext.Func.Type.Params); len(args) != n {
		return nil, fmt.Errorf("%s takes %d arguments, got %d", name, n, len(args))
	}
	return i.inst.Call(ext.Func, args)
}
