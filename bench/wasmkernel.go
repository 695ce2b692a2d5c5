package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	goruntime "runtime"
	"time"

	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/wasiapp"
)

// Wasmkernel runs benchmarks with wasmkernel's compiler in this process,
// as `wasmkernel run --machine host` does. Memory is "guard" (as in the
// kernel) or "bounds".
type Wasmkernel struct {
	Memory string
	// CPU is the CPU level the code is compiled for (wasmkernel compile
	// -cpu): "" or "host" for this CPU, as `wasmkernel run` compiles,
	// "baseline" for any CPU of this architecture (on amd64 without the
	// AVX forms).
	CPU string
}

type compiledModule struct {
	native           []byte
	compile, compCPU time.Duration
}

// Name implements Engine: "wasmkernel", or "wasmkernel-CPU" for a CPU
// other than this one.
func (w *Wasmkernel) Name() string {
	if w.CPU == "" || w.CPU == "host" {
		return "wasmkernel"
	}
	return "wasmkernel-" + w.CPU
}

// Run implements Engine. Every run compiles the module, as the wazero
// engine's does, so that both compile figures are medians over the same
// runs: a compile cached from the first run would report that run alone,
// the process's first compile of such a size (its heap grown page by page)
// against wazero's median of later ones.
func (w *Wasmkernel) Run(b *Benchmark, dir string) (Sample, []byte, error) {
	c, err := w.compile(b.Wasm)
	if err != nil {
		return Sample{}, nil, err
	}
	var stdout, stderr bytes.Buffer
	fs, err := wasi.HostDir(dir)
	if err != nil {
		return Sample{}, nil, err
	}
	sys := wasi.New(wasi.Config{Args: []string{b.Name}, Stdout: &stdout, Stderr: &stderr,
		Preopens: []wasi.Preopen{{GuestPath: "/", FS: fs}}})
	defer sys.Close()
	rt, err := wasiapp.NewRuntime(context.Background(), sys, wasmvm.WithMemory(w.Memory))
	if err != nil {
		return Sample{}, nil, err
	}
	var marks RegionMarks
	marks.Register(rt)
	t0 := time.Now()
	inst, err := rt.InstantiateNative(c.native, b.Name)
	if err == nil {
		err = wasiapp.Run(inst)
	}
	wall := time.Since(t0)
	status, failure := wasiapp.Outcome(err)
	switch {
	case failure != nil:
		return Sample{}, nil, fmt.Errorf("%w (stderr %q)", failure, clip(stderr.Bytes()))
	case status != 0:
		return Sample{}, nil, fmt.Errorf("exit status %d (stderr %q)", status, clip(stderr.Bytes()))
	}
	region, err := marks.Region()
	if err != nil {
		return Sample{}, nil, err
	}
	return Sample{Compile: c.compile, CompileCPU: c.compCPU, Region: region, Wall: wall}, stdout.Bytes(), nil
}

func (w *Wasmkernel) compile(path string) (compiledModule, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return compiledModule{}, err
	}
	clock := startCompileClock()
	m, err := wasmvm.ParseModule(src)
	if err != nil {
		return compiledModule{}, fmt.Errorf("%s: %w", path, err)
	}
	cpu := w.CPU
	if cpu == "" {
		cpu = "host"
	}
	native, err := m.CompileNativeCPU(goruntime.GOARCH, w.Memory, cpu)
	if err != nil {
		return compiledModule{}, fmt.Errorf("%s: %w", path, err)
	}
	c := compiledModule{native: native}
	c.compile, c.compCPU = clock.stop()
	return c, nil
}

// RegionMarks records the times of bench.start and bench.end.
type RegionMarks struct {
	t0, t1       time.Time
	starts, ends int
}

// Register gives rt's modules the imports bench.start and bench.end.
func (r *RegionMarks) Register(rt *wasmvm.Runtime) {
	rt.RegisterHost("bench", []wasmvm.HostFunction{
		{Name: "start", Call: func(context.Context, []byte, []uint64) error { r.Start(); return nil }},
		{Name: "end", Call: func(context.Context, []byte, []uint64) error { r.End(); return nil }},
	})
}

// Start records bench.start.
func (r *RegionMarks) Start() { r.t0 = time.Now(); r.starts++ }

// End records bench.end.
func (r *RegionMarks) End() { r.t1 = time.Now(); r.ends++ }

// Region is the measured time; a program must mark exactly one region.
func (r *RegionMarks) Region() (time.Duration, error) {
	if r.starts != 1 || r.ends != 1 || r.t1.Before(r.t0) {
		return 0, fmt.Errorf("the program called bench.start %d and bench.end %d times; want once each, in order", r.starts, r.ends)
	}
	return r.t1.Sub(r.t0), nil
}
