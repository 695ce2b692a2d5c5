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

// vmEngine runs benchmarks as apps of the wasmkernel kernel in QEMU: the
// kernel (command-line word "bench") times bench.start and bench.end on
// its own clock and prints the region on the console.
type vmEngine struct {
	machine   string
	memoryMiB int
	accel     string // "kvm" or "tcg", for the column title
}

func newVMEngine(machine string, memoryMiB int) vmEngine {
	accel := "tcg"
	if qemu.KVMWorks(context.Background()) {
		accel = "kvm"
	}
	return vmEngine{machine: machine, memoryMiB: memoryMiB, accel: accel}
}

// Name implements bench.Engine: the machine and whether QEMU emulates the
// CPU (tcg) or runs it (kvm), which the times depend on entirely.
func (v vmEngine) Name() string { return "wasmkernel-" + v.machine + "-" + v.accel }

// benchLine is what the kernel prints after a benchmark app.
var benchLine = regexp.MustCompile(`(?m)^wasmkernel: bench: app \S+ marks (\d+) (\d+) region (-?\d+) ns\n`)

// Run implements bench.Engine: whole-run time is from starting QEMU to
// its exit (boot included); compile time is not reported, since the
// module is compiled ahead of time into the (cached) image.
func (v vmEngine) Run(b *bench.Benchmark, dir string) (bench.Sample, []byte, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "wasmkernel-bench-vm")
	if err != nil {
		return bench.Sample{}, nil, err
	}
	defer os.RemoveAll(tmp)
	app := images.AppSpec{Wasm: b.Wasm}
	if b.Dir != "" {
		app.Dirs = []images.DirSpec{{Host: dir, Guest: "/"}}
	}
	img, err := buildImage(ctx, tmp, []images.AppSpec{app}, v.machine)
	if err != nil {
		return bench.Sample{}, nil, err
	}
	var console bytes.Buffer
	filter := &bootFilter{w: &console}
	t0 := time.Now()
	res, err := qemu.Run(ctx, qemu.Config{Machine: qemu.Machine(v.machine), Kernel: img.Kernel, Initrd: img.Initrd,
		MemoryMiB: v.memoryMiB, Timeout: 30 * time.Minute, Append: "bench", Console: filter})
	wall := time.Since(t0)
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
	if starts != 1 || ends != 1 || ns < 0 {
		return bench.Sample{}, nil, fmt.Errorf("the program called bench.start %d and bench.end %d times; want once each, in order", starts, ends)
	}
	stdout := append(append([]byte{}, out[:m[0]]...), out[m[1]:]...)
	return bench.Sample{Region: time.Duration(ns), Wall: wall}, stdout, nil
}

func tail(b []byte) []byte {
	if len(b) > 300 {
		return b[len(b)-300:]
	}
	return b
}
