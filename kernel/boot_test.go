package kernel_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// builtOnce builds a kernel once per test binary, into a fresh directory.
type builtOnce struct {
	once sync.Once
	path string
	err  error
}

// get returns the kernel's path, building it with build(dir) the first
// time.
func (b *builtOnce) get(t *testing.T, prefix string, build func(dir string) (string, error)) string {
	t.Helper()
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", prefix)
		if err != nil {
			b.err = err
			return
		}
		b.path, b.err = build(dir)
	})
	require.NoError(t, b.err)
	return b.path
}

var amd64Kernel builtOnce

// buildKernel builds the kernel ELF once per test binary.
func buildKernel(t *testing.T) string {
	return amd64Kernel.get(t, "wasmkernel-kernel", func(dir string) (string, error) {
		path := filepath.Join(dir, "kernel.elf")
		return path, images.BuildKernel(context.Background(), "..", path)
	})
}

func boot(t *testing.T, cfg qemu.Config) *qemu.Result {
	t.Helper()
	cfg.Kernel = buildKernel(t)
	if cfg.Accel == qemu.AccelAuto {
		cfg.Accel = qemu.AccelTCG
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 120 * time.Second
	}
	res, err := qemu.Run(context.Background(), cfg)
	if res != nil {
		console := res.Console
		if sym, err := qemu.Symbolize(console, cfg.Kernel); err == nil {
			console = sym
		}
		t.Logf("%s (%s, %v, first console byte after %v):\n%s", cfg.Machine, cfg.Append, res.Elapsed.Round(time.Millisecond), res.FirstByte.Round(time.Millisecond), console)
	}
	require.NoError(t, err)
	return res
}

// TestSelftest boots the kernel on both x86-64 machines and runs the
// self-test: goroutines on several threads, GC under allocation
// pressure, sleep accuracy, timers, the wall clock, crypto/rand, fault
// recovery and mmap. The VM's exit status is the number of failed checks.
func TestSelftest(t *testing.T) {
	for _, m := range []qemu.Machine{qemu.Q35, qemu.MicroVM} {
		t.Run(string(m), func(t *testing.T) {
			res := boot(t, qemu.Config{Machine: m, Append: "selftest"})
			require.Contains(t, res.Console, "wasmkernel: kernel entered")
			require.Contains(t, res.Console, "selftest: PASS")
			require.NotContains(t, res.Console, "FAIL")
			require.Equal(t, 0, res.Status)
		})
	}
}

// TestConsoleInput sends a line to the serial port: the kernel's
// interrupt-driven input hands it to a blocking read(0).
func TestConsoleInput(t *testing.T) {
	res := boot(t, qemu.Config{Machine: qemu.Q35, Append: "echo", Stdin: strings.NewReader("hello, kernel\n")})
	require.Contains(t, res.Console, `echo: "hello, kernel\n"`)
	require.Equal(t, 0, res.Status)
}

// TestUnrecoveredPanic: a nil dereference nobody recovers ends with the
// Go runtime's own report (delivered through the kernel's SIGSEGV) and
// status 2, as in a Linux process.
func TestUnrecoveredPanic(t *testing.T) {
	res := boot(t, qemu.Config{Machine: qemu.MicroVM, Append: "crash=nil"})
	require.Contains(t, res.Console, "invalid memory address or nil pointer dereference")
	require.Contains(t, res.Console, "[signal SIGSEGV: segmentation violation")
	require.Contains(t, res.Console, "main.main()")
	require.Equal(t, 2, res.Status)
}

// TestKernelFault: a fault inside the kernel stops the VM with a register
// dump and a backtrace, and a non-zero status, instead of hanging.
func TestKernelFault(t *testing.T) {
	res := boot(t, qemu.Config{Machine: qemu.MicroVM, Append: "crash=kernel"})
	require.Contains(t, res.Console, "kernel: fatal: page fault in the kernel at address 0x0000000000000008")
	require.Contains(t, res.Console, "rip=")
	require.Contains(t, res.Console, "backtrace:")
	require.Equal(t, 125, res.Status)
	sym, err := qemu.Symbolize(res.Console, buildKernel(t))
	require.NoError(t, err)
	require.True(t, strings.Contains(sym, "kernel.writeConsole"), "the backtrace names the faulting kernel function")
}

// TestBootFigures measures what the issue asks to report: the kernel ELF
// size, the time from QEMU's start to the kernel's first console line and
// to the end of the self-test (wall time under TCG, and guest time under
// -icount shift=0, where one guest nanosecond is one instruction), and the
// smallest -m with which the self-test passes. Not run with -short.
func TestBootFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement, not a check: run without -short")
	}
	kernel := buildKernel(t)
	st, err := os.Stat(kernel)
	require.NoError(t, err)
	t.Logf("kernel ELF: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))
	for _, m := range []qemu.Machine{qemu.MicroVM, qemu.Q35} {
		res := boot(t, qemu.Config{Machine: m, Append: "selftest"})
		require.Equal(t, 0, res.Status)
		t.Logf("%s TCG: first console byte %v, self-test done and VM exited %v", m, res.FirstByte.Round(time.Millisecond), res.Elapsed.Round(time.Millisecond))
		res = boot(t, qemu.Config{Machine: m, Append: "selftest", ICount: true})
		require.Equal(t, 0, res.Status)
		t.Logf("%s -icount: wall %v; guest time (= instructions) in the summary line above", m, res.Elapsed.Round(time.Millisecond))
	}
	lo, hi := 8, 256 // fails at lo (assumed), passes at hi
	for hi-lo > 2 {
		mid := (lo + hi) / 2
		cfg := qemu.Config{Machine: qemu.MicroVM, Append: "selftest", MemoryMiB: mid, Kernel: kernel, Accel: qemu.AccelTCG, Timeout: 120 * time.Second}
		res, err := qemu.Run(context.Background(), cfg)
		if err == nil && res.Status == 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	t.Logf("smallest -m that passes the self-test on microvm: %d MiB", hi)
}
