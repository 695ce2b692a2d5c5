package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/wasmkernel/wasmkernel/images/initrd"
	"github.com/wasmkernel/wasmkernel/kernel"
	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/wasiapp"
)

// Exit statuses of the VM when apps cannot run or trap (an app's own
// proc_exit code is passed through).
const (
	statusNoApps = 120
	statusTrap   = 121
)

// runApps runs the apps of the initrd's manifest in order and returns the
// VM's exit status: that of the first app that failed (its exit code, or
// statusTrap when it trapped), 0 when none did. A trap is reported on the
// console; the kernel survives it and goes on with the next app.
func runApps() int {
	img, ok := kernel.Initrd()
	if !ok {
		fmt.Fprintln(os.Stderr, "wasmkernel: no initrd: nothing to run (kernel command line: selftest, echo)")
		return statusNoApps
	}
	manifest, files, err := initrd.Read(bytes.NewReader(img))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmkernel:", err)
		return statusNoApps
	}
	status := 0
	for _, app := range manifest.Apps {
		if s := runApp(app, files); status == 0 {
			status = s
		}
	}
	return status
}

func runApp(app initrd.App, files map[string][]byte) int {
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "wasmkernel: app %s: %v\n", app.Name, err)
		return statusTrap
	}
	native := files[app.Module]
	info, err := wasmvm.InspectNative(native)
	if err != nil {
		return fail(err)
	}
	if got := hex.EncodeToString(info.SourceSHA256[:]); got != app.SourceSHA256 {
		return fail(fmt.Errorf("native module was compiled from %s, the manifest names %s", got, app.SourceSHA256))
	}
	dirs, err := loadDirs(app, files)
	if err != nil {
		return fail(err)
	}
	cfg := wasi.Config{
		Args: app.Args, Env: app.Env,
		Stdin:  os.Stdin,
		Stdout: &kernel.Console, Stderr: &kernel.Console, // straight to the UART
		Clock: kernelClock{}, Random: kernel.Random,
	}
	for _, d := range dirs {
		cfg.Preopens = append(cfg.Preopens, wasi.Preopen{GuestPath: d.spec.Guest, FS: d.fs})
	}
	// WASI's clock_time_get reads the kernel's clocks (kernelClock):
	// compiled code reads the same counter with the same parameters.
	base, mult, realtimeAtBase := kernel.CounterClock()
	counter := wasmvm.WithCounterClock(
		wasmvm.CounterClock{Base: base, Mult: mult, Offset: realtimeAtBase},
		wasmvm.CounterClock{Base: base, Mult: mult})
	rt, err := wasiapp.NewRuntime(context.Background(), wasi.New(cfg),
		wasmvm.WithMemory(info.MemoryMode), wasmvm.WithExclusiveProcessor(), counter)
	if err != nil {
		return fail(err)
	}
	var region benchRegion
	if slices.Contains(os.Args[1:], "bench") {
		region.register(rt)
		defer region.report(app.Name)
	}
	inst, err := rt.InstantiateNative(native, app.Name)
	if err == nil {
		if slices.Contains(os.Args[1:], "stats") {
			// Under QEMU's -icount shift=0 the TSC counts guest
			// instructions since reset.
			fmt.Printf("wasmkernel: stats: app %s enters _start at TSC %d\n", app.Name, kernel.Cycles())
		}
		err = wasiapp.Run(inst)
	}
	status, failure := wasiapp.Outcome(err)
	// The files an app wrote are sent back whatever way it ended.
	for _, d := range dirs {
		if err := d.export(); err != nil {
			fmt.Fprintf(os.Stderr, "wasmkernel: app %s: %v\n", app.Name, err)
		}
	}
	if failure != nil {
		fmt.Fprintf(os.Stderr, "wasmkernel: app %s trapped: %v\n", app.Name, failure)
		return statusTrap
	}
	return status
}

// kernelClock is WASI's clock read straight from the kernel's TSC-based
// clocks.
type kernelClock struct{}

func (kernelClock) Now() time.Time   { return time.Unix(0, kernel.Realtime()) }
func (kernelClock) Monotonic() int64 { return kernel.Monotonic() }
func (kernelClock) Sleep(ns int64)   { time.Sleep(time.Duration(ns)) }

// benchRegion times a benchmark's bench.start and bench.end on the
// kernel's monotonic clock, for `wasmkernel bench --machine microvm`
// (the "bench" command-line word).
type benchRegion struct {
	start, end   int64
	starts, ends int
}

func (r *benchRegion) register(rt *wasmvm.Runtime) {
	rt.RegisterHost("bench", []wasmvm.HostFunction{
		{Name: "start", Call: func(context.Context, []byte, []uint64) error {
			r.start, r.starts = kernel.Monotonic(), r.starts+1
			return nil
		}},
		{Name: "end", Call: func(context.Context, []byte, []uint64) error {
			r.end, r.ends = kernel.Monotonic(), r.ends+1
			return nil
		}},
	})
}

// report prints the region and the least free memory there has been on
// the console, where the host reads them.
func (r *benchRegion) report(app string) {
	fmt.Printf("wasmkernel: bench: app %s marks %d %d region %d ns lowest-free %d\n", app, r.starts, r.ends, r.end-r.start, kernel.LowestFree())
}
