package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// Wazero runs benchmarks with wazero's optimizing compiler in this
// process, a fresh runtime per run.
type Wazero struct{}

// Name implements Engine.
func (Wazero) Name() string { return "wazero" }

// Run implements Engine.
func (Wazero) Run(b *Benchmark, dir string) (Sample, []byte, error) {
	ctx := context.Background()
	src, err := os.ReadFile(b.Wasm)
	if err != nil {
		return Sample{}, nil, err
	}
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	var marks RegionMarks
	_, err = r.NewHostModuleBuilder("bench").
		NewFunctionBuilder().WithFunc(func() { marks.Start() }).Export("start").
		NewFunctionBuilder().WithFunc(func() { marks.End() }).Export("end").
		Instantiate(ctx)
	if err != nil {
		return Sample{}, nil, err
	}
	clock := startCompileClock()
	cm, err := r.CompileModule(ctx, src)
	if err != nil {
		return Sample{}, nil, fmt.Errorf("wazero compile: %w", err)
	}
	compile, compileCPU := clock.stop()
	var stdout, stderr bytes.Buffer
	cfg := wazero.NewModuleConfig().WithArgs(b.Name).WithStdout(&stdout).WithStderr(&stderr).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(dir, "/")).
		WithSysWalltime().WithSysNanotime().WithSysNanosleep()
	t0 := time.Now()
	_, err = r.InstantiateModule(ctx, cm, cfg)
	wall := time.Since(t0)
	var exit *sys.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 0 {
		err = nil
	}
	if err != nil {
		return Sample{}, nil, fmt.Errorf("wazero: %w (stderr %q)", err, clip(stderr.Bytes()))
	}
	region, err := marks.Region()
	if err != nil {
		return Sample{}, nil, err
	}
	return Sample{Compile: compile, CompileCPU: compileCPU, Region: region, Wall: wall}, stdout.Bytes(), nil
}
