package main

import (
	"context"
	"fmt"
	"os"
	goruntime "runtime"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/linuxvm"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// linuxEngine runs benchmarks in a Linux guest (package linuxvm) on the
// same QEMU settings as the kernel: the native build of a C benchmark (on
// arm64 built from its source against Debian's arm64 sysroot, with the
// same clang and flags), or the module under wasmkernel in a Linux
// process (`wasmkernel run --machine host` inside the guest).
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
	arch := qemu.Machine(l.machine).Arch()
	app := linuxvm.App{Arch: arch, Wasm: b.Wasm, Dir: dir}
	if !l.wasm {
		native, err := nativeBuild(ctx, b, arch)
		if err != nil {
			return bench.Sample{}, nil, err
		}
		app = linuxvm.App{Arch: arch, Native: native, Dir: dir}
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
	res, err := img.Run(ctx, linuxvm.Config{Machine: qemu.Machine(l.machine), CPU: l.cpu, MemoryMiB: l.memoryMiB,
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

// nativeBuild returns b's native build for a Linux guest of arch: the
// host's build on the host's architecture, else one from b's source with
// the flags of the host's (for --simd, SIMDBuild of arch's), kept beside
// it (its directory is named by the source, bench.h, clang and the
// flags). bench.ErrSkip: b has no source.
//
// The cross build adds -ffp-contract=off: clang fuses a multiply and an
// add into one instruction where the target has it (arm64 always, x86-64
// only with -mfma), rounding once where WebAssembly rounds twice, and the
// native program must print what the module prints.
func nativeBuild(ctx context.Context, b *bench.Benchmark, arch string) (string, error) {
	if b.Native == "" || b.Source == "" {
		return "", bench.ErrSkip
	}
	if arch == goruntime.GOARCH {
		return b.Native, nil
	}
	out := b.Native + "-" + arch + "-nofma"
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
	args := append(append([]string{}, b.NativeFlags...), "-ffp-contract=off", b.Source, "-o", tmp, "-lm")
	if err := linuxvm.CompileC(ctx, cacheDir(), arch, args...); err != nil {
		return "", err
	}
	return out, os.Rename(tmp, out)
}
