package main

import (
	"context"
	"fmt"
	"os"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/linuxvm"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// linuxEngine runs benchmarks in a Linux guest (package linuxvm) on the
// same QEMU settings as the kernel: the native build of a C benchmark, or
// the module under wasmkernel in a Linux process (`wasmkernel run
// --machine host` inside the guest).
type linuxEngine struct {
	vmSettings
	wasm bool // run the module with wasmkernel; else the native build
}

// Name implements bench.Engine. The QEMU settings are those of the
// kernel's column, which names them.
func (l linuxEngine) Name() string {
	if l.wasm {
		return "linux-wasmkernel"
	}
	return "linux-native"
}

// Run implements bench.Engine: the times are the host's from starting
// QEMU (to the init's line before the app starts, to the app's first
// output, to QEMU's exit) and the region as the app timed it in the
// guest.
func (l linuxEngine) Run(b *bench.Benchmark, dir string) (bench.Sample, []byte, error) {
	ctx := context.Background()
	app := linuxvm.App{Native: b.Native, Dir: dir}
	if l.wasm {
		app = linuxvm.App{Wasm: b.Wasm, Dir: dir}
	} else if b.Native == "" {
		return bench.Sample{}, nil, bench.ErrSkip
	}
	root, err := moduleRoot()
	if err != nil {
		return bench.Sample{}, nil, err
	}
	tmp, err := os.MkdirTemp("", "wasmkernel-bench-linux")
	if err != nil {
		return bench.Sample{}, nil, err
	}
	defer os.RemoveAll(tmp)
	img, err := linuxvm.Build(ctx, root, cacheDir(), tmp, app)
	if err != nil {
		return bench.Sample{}, nil, err
	}
	qc := l.qemuConfig()
	res, err := img.Run(ctx, linuxvm.Config{Machine: qemu.Machine(l.machine), MemoryMiB: l.memoryMiB,
		Accel: l.accel, ICount: l.icount, Timeout: qc.Timeout})
	if err != nil {
		return bench.Sample{}, nil, err
	}
	if res.Status != 0 || res.Region < 0 {
		return bench.Sample{}, nil, fmt.Errorf("the app ended with status %d, region reported: %v; output: %q", res.Status, res.Region >= 0, tail(res.Stdout))
	}
	return bench.Sample{Region: res.Region, Wall: res.Wall, Boot: res.Boot, FirstOutput: res.FirstOutput,
		PeakMemory: res.PeakMemory, ImageSize: img.Size}, res.Stdout, nil
}
