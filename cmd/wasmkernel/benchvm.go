package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// vmSettings are the QEMU settings every VM engine of a run shares, so
// that wasmkernel and the Linux guest are measured on the same machine.
type vmSettings struct {
	machine   string
	cpu       string // the processor model on virt
	memoryMiB int
	accel     qemu.Accel // what runs the guest: AccelKVM or AccelTCG
	icount    bool
}

// newVMSettings picks KVM when it works for an x86-64 machine and TCG
// otherwise; virt gets qemu.CPUArm64Fast.
func newVMSettings(machine string, memoryMiB int, icount bool) vmSettings {
	s := vmSettings{machine: machine, memoryMiB: memoryMiB, accel: qemu.AccelTCG, icount: icount}
	if qemu.Machine(machine).Arch() == "arm64" {
		s.cpu = qemu.CPUArm64Fast
	} else if !icount && qemu.KVMWorks(context.Background()) {
		s.accel = qemu.AccelKVM
	}
	return s
}

// suffix names the machine and whether QEMU emulates the CPU (tcg, with
// -icount: tcg-icount) or runs it (kvm), which the times depend on
// entirely.
func (s vmSettings) suffix() string {
	if s.icount {
		return s.machine + "-tcg-icount"
	}
	return s.machine + "-" + string(s.accel)
}

func (s vmSettings) qemuConfig() qemu.Config {
	return qemu.Config{Machine: qemu.Machine(s.machine), CPU: s.cpu, MemoryMiB: s.memoryMiB, Accel: s.accel, ICount: s.icount,
		Timeout: 30 * time.Minute}
}

// vmEngine runs benchmarks as apps of the wasmkernel kernel in QEMU: the
// kernel (command-line words "bench" and "stats") times bench.start and
// bench.end on its own clock, prints a line as the app enters _start and
// reports the region and its lowest free memory on the console.
type vmEngine struct{ vmSettings }

// Name implements bench.Engine.
func (v vmEngine) Name() string { return "wasmkernel-" + v.suffix() }

// benchLine is what the kernel prints after a benchmark app; statsLine
// as the app enters _start.
var (
	benchLine = regexp.MustCompile(`(?m)^wasmkernel: bench: app \S+ marks (\d+) (\d+) region (-?\d+) ns lowest-free (\d+)\n`)
	statsLine = regexp.MustCompile(`(?m)^wasmkernel: stats: app .*\n`)
)

const statsMarker = "wasmkernel: stats: app "

// Run implements bench.Engine: whole-run time is from starting QEMU to
// its exit (boot included), boot time to the line the kernel prints as
// the app enters _start; compile time is not reported, since the module
// is compiled ahead of time into the (cached) image. The app gets its
// working directory as "/".
func (v vmEngine) Run(b *bench.Benchmark, dir string) (bench.Sample, []byte, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "wasmkernel-bench-vm")
	if err != nil {
		return bench.Sample{}, nil, err
	}
	defer os.RemoveAll(tmp)
	app := images.AppSpec{Wasm: b.Wasm, Dirs: []images.DirSpec{{Host: dir, Guest: "/"}}}
	img, err := buildImage(ctx, tmp, []images.AppSpec{app}, v.machine)
	if err != nil {
		return bench.Sample{}, nil, err
	}
	size, err := fileSizes(img.Kernel, img.Initrd)
	if err != nil {
		return bench.Sample{}, nil, err
	}
	var console bytes.Buffer
	filter := &bootFilter{w: &console}
	clock := &qemu.LineClock{Marker: []byte(statsMarker), W: filter}
	cfg := v.qemuConfig()
	cfg.Kernel, cfg.Initrd, cfg.Append, cfg.Console = img.Kernel, img.Initrd, "bench stats", clock
	clock.Start()
	res, err := qemu.Run(ctx, cfg)
	if err != nil {
		return bench.Sample{}, nil, err
	}
	if err := filter.Flush(); err != nil {
		return bench.Sample{}, nil, err
	}
	out := console.Bytes()
	m := benchLine.FindSubmatchIndex(out)
	if res.Status != 0 || m == nil {
		return bench.Sample{}, nil, fmt.Errorf("the kernel ended with status %d without a region report; console: %q", res.Status, tail(out))
	}
	starts, _ := strconv.Atoi(string(out[m[2]:m[3]]))
	ends, _ := strconv.Atoi(string(out[m[4]:m[5]]))
	ns, _ := strconv.ParseInt(string(out[m[6]:m[7]]), 10, 64)
	lowestFree, _ := strconv.ParseInt(string(out[m[8]:m[9]]), 10, 64)
	if starts != 1 || ends != 1 || ns < 0 {
		return bench.Sample{}, nil, fmt.Errorf("the program called bench.start %d and bench.end %d times; want once each, in order", starts, ends)
	}
	stdout := append(append([]byte{}, out[:m[0]]...), out[m[1]:]...)
	stdout = statsLine.ReplaceAll(stdout, nil)
	boot, first, _ := clock.Marked()
	return bench.Sample{Region: time.Duration(ns), Wall: res.Elapsed, Boot: boot, FirstOutput: first,
		PeakMemory: int64(v.memoryMiB)<<20 - lowestFree, ImageSize: size}, stdout, nil
}

// fileSizes is the sum of the files' sizes.
func fileSizes(paths ...string) (int64, error) {
	var n int64
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return 0, err
		}
		n += fi.Size()
	}
	return n, nil
}

func tail(b []byte) []byte {
	if len(b) > 300 {
		return b[len(b)-300:]
	}
	return b
}
