// Package linuxvm boots a Linux guest in QEMU that runs one program, for
// comparing wasmkernel with Linux on the same emulated machine (issue 11).
//
// The guest is Debian's kernel for x86-64 or arm64 (linux-image-amd64,
// fetched with apt-get download, or linux-image-arm64, fetched from the
// Debian archive the host's apt reads and checked against its signature
// (Archive); both into the cache without touching the host's /boot or
// apt configuration) and an initramfs written here
// with u-root's pkg/cpio. The initramfs holds our own small init (Go,
// static; linuxvm/internal/guestinit) and the payload: either a native
// Linux program with the shared libraries it loads, or a WebAssembly
// module compiled ahead of time on the host plus the static wasmkernel
// binary, which runs it as `wasmkernel run --machine host` does (our
// engine in a Linux process). The init runs the payload with the console
// as stdout in a cgroup of its own, in a tmpfs working directory, prints
// its exit status, the region it timed (bench.h) and the memory figures,
// and ends QEMU: on x86-64 through isa-debug-exit with the app's status,
// on arm64 (virt) by powering off through PSCI, the status being the
// one its end line reports.
//
// The host times the boot to the line the init prints just before the app
// starts, and to the app's first output, on its own clock (qemu.LineClock).
package linuxvm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/linuxvm/internal/guest"
	"github.com/wasmkernel/wasmkernel/qemu"
	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// baseCommandLine is the Linux command line of every guest: few kernel
// messages, and a reboot (which ends QEMU, started with -no-reboot)
// rather than a hang if Linux panics. The console is COM1 on x86-64 and
// the PL011 on virt.
const baseCommandLine = "quiet loglevel=1 panic=-1"

// clocksources are the clocksources Linux must be on for the region it
// times to be on the host's time base (or, under -icount, on the
// instruction count), as wasmkernel's clocks are: the TSC, and the Arm
// generic timer's counter. On x86-64 that is "tsc" or "tsc-early": both
// read the TSC at the rate given on the command line (and both through
// the vDSO). Linux registers "tsc" a second after its initcalls, once it
// has refined the calibration, so an app that ends sooner ends on
// "tsc-early".
var clocksources = map[string][]string{"amd64": {"tsc", "tsc-early"}, "arm64": {"arch_sys_counter"}}

// commandLine returns the Linux command line for cfg. Linux is told the
// TSC rate (the host's counter under TCG, measured here; 1 GHz under
// -icount shift=0) and that the TSC is reliable. Without the rate it
// cannot calibrate on microvm (no port 0x61 to gate the PIT's channel 2,
// no HPET or ACPI PM timer to compare with) and falls back to jiffies;
// without "reliable" its clocksource watchdog, comparing the TSC with
// timer interrupts that an emulator on a loaded host delivers late, marks
// the TSC unstable in the middle of a run and switches to a clock that
// runs slow and needs a system call per read. On microvm its check of the
// timer interrupt through the I/O APIC also stalls, so it is skipped.
//
// On arm64 Linux reads the generic timer's frequency from CNTFRQ_EL0 and
// needs nothing more.
func commandLine(cfg Config) (string, error) {
	if cfg.Machine.Arch() == "arm64" {
		return "console=ttyAMA0 " + baseCommandLine, nil
	}
	line := "console=ttyS0 " + baseCommandLine + " tsc=reliable"
	khz, err := int64(1_000_000), error(nil)
	if !cfg.ICount {
		khz, err = hostTSCKHz()
	}
	switch {
	case err == nil:
		line += fmt.Sprintf(" tsc_early_khz=%d", khz)
	case cfg.Machine == qemu.MicroVM:
		return "", err
	}
	if cfg.Machine == qemu.MicroVM {
		line += " no_timer_check"
	}
	return line, nil
}

// App is the program a guest runs: exactly one of Native and Wasm.
type App struct {
	// Arch is the guest's architecture: amd64 (when empty) or arm64.
	Arch string
	// Native is a Linux program for Arch (CompileC builds one); it
	// runs with WASMKERNEL_BENCH_OUT set, as bench.h expects.
	Native string
	// Wasm is a WebAssembly module, compiled here for the guest's
	// wasmkernel (memory guarded, as in the kernel) and run by it with
	// the working directory preopened as "/".
	Wasm string
	Args []string // argv after the program name
	Dir  string   // host directory whose files the working directory starts with (optional)
}

// Image is a guest ready to boot.
type Image struct {
	Arch      string // the guest's architecture
	Kernel    string // Debian's bzImage or arm64 Image
	Initramfs string
	// Size is the bytes QEMU loads: the kernel and the initramfs.
	Size int64
}

// Build writes the initramfs for app into dir and finds (or fetches) the
// kernel and the guest's programs through cacheDir. moduleDir is the
// root of the wasmkernel module, which the guest's Go programs are built
// from.
func Build(ctx context.Context, moduleDir, cacheDir, dir string, app App) (*Image, error) {
	if app.Arch == "" {
		app.Arch = "amd64"
	}
	kernel, err := Kernel(ctx, cacheDir, app.Arch)
	if err != nil {
		return nil, err
	}
	init, err := guestProgram(ctx, moduleDir, cacheDir, app.Arch, initPkg)
	if err != nil {
		return nil, err
	}
	fs := NewInitramfs()
	if err := fs.AddHostFile("/init", init); err != nil {
		return nil, err
	}
	cfg, err := addPayload(ctx, fs, moduleDir, cacheDir, app)
	if err != nil {
		return nil, err
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	if err := fs.AddFile(guest.ConfigPath, cfgJSON, 0o644); err != nil {
		return nil, err
	}
	if app.Dir != "" {
		if err := fs.AddTree(guest.DataDir, app.Dir); err != nil {
			return nil, err
		}
	}
	img := &Image{Arch: app.Arch, Kernel: kernel, Initramfs: filepath.Join(dir, "initramfs.cpio")}
	f, err := os.Create(img.Initramfs)
	if err != nil {
		return nil, err
	}
	n, err := fs.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	kfi, err := os.Stat(kernel)
	if err != nil {
		return nil, err
	}
	img.Size = kfi.Size() + n
	return img, nil
}

// addPayload puts app's program into fs and returns the init's orders.
func addPayload(ctx context.Context, fs *Initramfs, moduleDir, cacheDir string, app App) (guest.Config, error) {
	env := []string{"PATH=/bin", "HOME=" + guest.WorkDir}
	switch {
	case (app.Native == "") == (app.Wasm == ""):
		return guest.Config{}, errors.New("a Linux guest runs one program: a native one or a WebAssembly module")
	case app.Native != "":
		libs, err := sharedLibraries(ctx, cacheDir, app.Arch, app.Native)
		if err != nil {
			return guest.Config{}, err
		}
		for _, lib := range libs {
			if err := fs.AddHostFile(lib.guest, lib.host); err != nil {
				return guest.Config{}, err
			}
		}
		prog := "/bin/" + filepath.Base(app.Native)
		if err := fs.AddHostFile(prog, app.Native); err != nil {
			return guest.Config{}, err
		}
		return guest.Config{Argv: append([]string{prog}, app.Args...),
			Env: append(env, "WASMKERNEL_BENCH_OUT="+guest.RegionFile)}, nil
	}
	engine, err := guestProgram(ctx, moduleDir, cacheDir, app.Arch, wasmkernelPkg)
	if err != nil {
		return guest.Config{}, err
	}
	if err := fs.AddHostFile("/bin/wasmkernel", engine); err != nil {
		return guest.Config{}, err
	}
	src, err := os.ReadFile(app.Wasm)
	if err != nil {
		return guest.Config{}, err
	}
	mod, err := wasmvm.ParseModule(src)
	if err != nil {
		return guest.Config{}, fmt.Errorf("%s: %w", app.Wasm, err)
	}
	native, err := mod.CompileNative(app.Arch, "guard")
	if err != nil {
		return guest.Config{}, fmt.Errorf("%s: %w", app.Wasm, err)
	}
	module := "/apps/" + strings.TrimSuffix(filepath.Base(app.Wasm), ".wasm") + ".wkn"
	if err := fs.AddFile(module, native, 0o644); err != nil {
		return guest.Config{}, err
	}
	argv := []string{"/bin/wasmkernel", "run", "--machine", "host", "--dir", guest.WorkDir + "::/",
		"--bench-region", guest.RegionFile, module}
	return guest.Config{Argv: append(argv, app.Args...), Env: env}, nil
}

// Config is how QEMU runs the guest: the same settings a wasmkernel boot
// gets, for comparison.
type Config struct {
	Machine   qemu.Machine
	CPU       string // the processor model on virt (qemu.CPUArm64 when empty)
	MemoryMiB int
	Accel     qemu.Accel
	ICount    bool
	Timeout   time.Duration
}

// Result is what a guest run measured.
type Result struct {
	Status int
	Stdout []byte // what the app printed (stdout and stderr)
	// Boot is the host's time from starting QEMU to the init's line just
	// before the app starts; FirstOutput to the app's first output byte
	// (zero when it printed nothing); Wall to QEMU's exit.
	Boot, FirstOutput, Wall time.Duration
	// Region is the time the app measured between bench_start and
	// bench_end (-1: none).
	Region time.Duration
	// PeakMemory is the guest RAM in use at the app's peak: the RAM
	// QEMU gave, less what Linux had free when the app started, plus the
	// app's peak charge (its cgroup's memory.peak).
	PeakMemory int64
	Console    string // the whole serial console
}

// Run boots the image and waits for the app to end.
func (img *Image) Run(ctx context.Context, cfg Config) (*Result, error) {
	if arch := cfg.Machine.Arch(); arch != img.Arch {
		return nil, fmt.Errorf("the image is for %s, machine %s is %s", img.Arch, cfg.Machine, arch)
	}
	mem := cfg.MemoryMiB
	if mem == 0 {
		mem = 256
	}
	cmdline, err := commandLine(cfg)
	if err != nil {
		return nil, err
	}
	clock := &qemu.LineClock{Marker: []byte(guest.StartMarker)}
	clock.Start()
	qres, err := qemu.Run(ctx, qemu.Config{Machine: cfg.Machine, CPU: cfg.CPU, Kernel: img.Kernel, Initrd: img.Initramfs,
		Append: cmdline, MemoryMiB: mem, Accel: cfg.Accel, ICount: cfg.ICount, Timeout: cfg.Timeout, Console: clock})
	if err != nil {
		if qres != nil {
			return nil, fmt.Errorf("%w; console: %q", err, tail(qres.Console))
		}
		return nil, err
	}
	end, ok := guest.ParseEnd(qres.Console)
	if !ok {
		return nil, fmt.Errorf("the Linux guest ended with status %d without its end line; console: %q", qres.Status, tail(qres.Console))
	}
	arch := cfg.Machine.Arch()
	// x86-64: isa-debug-exit carries the status; arm64: the init powers
	// off through PSCI and QEMU exits with 0.
	if want := end.Status & 0xff; arch == "arm64" && qres.Status != 0 || arch == "amd64" && qres.Status != want {
		return nil, fmt.Errorf("the init reported status %d, QEMU exited with %d", end.Status, qres.Status)
	}
	if want := clocksources[arch]; !slices.Contains(want, end.Clocksource) {
		return nil, fmt.Errorf("Linux's clocksource was %s when the app ended, not %s: its times do not follow the host's", end.Clocksource, strings.Join(want, " or "))
	}
	res := &Result{Status: end.Status, Wall: qres.Elapsed, Region: time.Duration(end.RegionNs), Console: qres.Console,
		PeakMemory: int64(mem)<<20 - end.FreeAtStart + end.AppPeak}
	res.Boot, res.FirstOutput, _ = clock.Marked()
	res.Stdout = appOutput(qres.Console)
	return res, nil
}

// appOutput is the console between the init's start and end lines.
func appOutput(console string) []byte {
	_, after, ok := strings.Cut(console, guest.StartMarker+"\n")
	if !ok {
		return nil
	}
	i := strings.LastIndex(after, "linuxvm: app end ")
	if i < 0 {
		return nil
	}
	return []byte(after[:i])
}

func tail(s string) string {
	if len(s) > 400 {
		return s[len(s)-400:]
	}
	return s
}
