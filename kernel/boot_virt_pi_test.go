package kernel_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

var arm64Kernel builtOnce

// buildArm64Kernel builds the arm64 kernel Image for virt once per test
// binary.
func buildArm64Kernel(t *testing.T) string {
	return arm64Kernel.get(t, "wasmkernel-arm64", func(dir string) (string, error) {
		return images.BuildKernelFor(context.Background(), "..", string(qemu.Virt), dir)
	})
}

func bootVirt(t *testing.T, cfg qemu.Config) *qemu.Result {
	t.Helper()
	cfg.Machine = qemu.Virt
	cfg.Kernel = buildArm64Kernel(t)
	cfg.Accel = qemu.AccelTCG
	if cfg.Timeout == 0 {
		cfg.Timeout = 120 * time.Second
	}
	res, err := qemu.Run(context.Background(), cfg)
	if res != nil {
		t.Logf("virt (%s, %v, first console byte after %v):\n%s", cfg.Append, res.Elapsed.Round(time.Millisecond), res.FirstByte.Round(time.Millisecond), res.Console)
	}
	require.NoError(t, err)
	return res
}

// TestSelftestArm64 boots the arm64 kernel on QEMU virt and runs the same
// self-test as on x86-64; the status comes back through semihosting.
func TestSelftestArm64(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "selftest"})
	require.Contains(t, res.Console, "wasmkernel: kernel entered")
	require.Contains(t, res.Console, "selftest: PASS")
	require.NotContains(t, res.Console, "FAIL")
	require.Equal(t, 0, res.Status)
}

// TestSelftestArm64GICv3 runs the self-test on virt with a GICv3
// (distributor, redistributor, system-register CPU interface).
func TestSelftestArm64GICv3(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "selftest", GIC: 3})
	require.Contains(t, res.Console, "selftest: PASS")
	require.Equal(t, 0, res.Status)
}

// TestSelftestArm64CortexA53 runs the self-test on virt with the Pi's
// processor, which has no RNDR: entropy comes from virtio-rng.
func TestSelftestArm64CortexA53(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "selftest", CPU: "cortex-a53"})
	require.Contains(t, res.Console, "selftest: PASS")
	require.Equal(t, 0, res.Status)
}

// TestUnrecoveredPanicArm64: the runtime's own report through the
// kernel's arm64 signal frame, and status 2.
func TestUnrecoveredPanicArm64(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "crash=nil"})
	require.Contains(t, res.Console, "invalid memory address or nil pointer dereference")
	require.Contains(t, res.Console, "[signal SIGSEGV: segmentation violation")
	require.Contains(t, res.Console, "main.main()")
	require.Equal(t, 2, res.Status)
}

// TestKernelFaultArm64: a fault inside the kernel stops the VM with a
// register dump, a backtrace that names the function, and status 125.
func TestKernelFaultArm64(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "crash=kernel"})
	require.Contains(t, res.Console, "kernel: fatal: data abort in the kernel at address 0x0000000000000008")
	require.Contains(t, res.Console, "backtrace:")
	require.Equal(t, 125, res.Status)
	sym, err := qemu.Symbolize(res.Console, images.KernelELF(buildArm64Kernel(t)))
	require.NoError(t, err)
	require.True(t, strings.Contains(sym, "kernel.writeConsole"), "the backtrace names the faulting kernel function")
}

// TestDeviceMapArm64 reaches memory above the 4 GiB identity map the way
// the kernel reaches the Raspberry Pi 5's devices (a 1 GiB device block
// mapped on demand): virt with 6 GiB has RAM at 5 GiB to write and read
// through it; the self-test then runs with the range kept from mmap.
func TestDeviceMapArm64(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "devicemap selftest", MemoryMiB: 6 << 10})
	require.Contains(t, res.Console, "devicemap: ok")
	require.Contains(t, res.Console, "selftest: PASS")
	require.Equal(t, 0, res.Status)
}

// TestConsoleInputArm64: a line sent to the PL011 reaches a blocking
// read(0) through the receive interrupt.
func TestConsoleInputArm64(t *testing.T) {
	res := bootVirt(t, qemu.Config{Append: "echo", Stdin: strings.NewReader("hello, arm\n")})
	require.Contains(t, res.Console, `echo: "hello, arm\n"`)
	require.Equal(t, 0, res.Status)
}

// TestSelftestRaspi3b boots kernel8.img on QEMU's raspi3b (entered at
// EL2, Cortex-A53 without RNDR, the BCM2836 interrupt controller, the
// bcm2835 RNG, no RTC: the wall clock comes from the semihosting host)
// with the Pi 3 B device tree, and runs the self-test.
func TestSelftestRaspi3b(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	img, err := images.BuildKernelFor(ctx, "..", string(qemu.Raspi3b), dir)
	require.NoError(t, err)
	dtb, err := images.PiDeviceTree(ctx, dir)
	require.NoError(t, err)
	res, err := qemu.Run(ctx, qemu.Config{Machine: qemu.Raspi3b, Kernel: img, DTB: dtb, Append: "selftest", Accel: qemu.AccelTCG, Timeout: 180 * time.Second})
	if res != nil {
		t.Logf("raspi3b (%v, first console byte after %v):\n%s", res.Elapsed.Round(time.Millisecond), res.FirstByte.Round(time.Millisecond), res.Console)
	}
	require.NoError(t, err)
	require.Contains(t, res.Console, "selftest: PASS")
	require.Equal(t, 0, res.Status)
}

// TestBootFiguresArm64 measures what issue 8 asks to report, as
// TestBootFigures does for x86-64: the image sizes, the time to the first
// console byte and to the end of the self-test (wall time under TCG, and
// guest time under -icount shift=0, one instruction per nanosecond), and
// the smallest -m with which the self-test passes on virt. Not run with
// -short.
func TestBootFiguresArm64(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement, not a check: run without -short")
	}
	kernel := buildArm64Kernel(t)
	st, err := os.Stat(kernel)
	require.NoError(t, err)
	t.Logf("virt kernel Image: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))
	res := bootVirt(t, qemu.Config{Append: "selftest"})
	require.Equal(t, 0, res.Status)
	t.Logf("virt TCG: first console byte %v, self-test done and VM exited %v", res.FirstByte.Round(time.Millisecond), res.Elapsed.Round(time.Millisecond))
	res = bootVirt(t, qemu.Config{Append: "selftest", ICount: true})
	require.Equal(t, 0, res.Status)
	t.Logf("virt -icount: wall %v; guest time (= instructions) in the summary line above", res.Elapsed.Round(time.Millisecond))

	dir := t.TempDir()
	img, err := images.BuildKernelFor(context.Background(), "..", string(qemu.Raspi3b), dir)
	require.NoError(t, err)
	st, err = os.Stat(img)
	require.NoError(t, err)
	t.Logf("raspi3b kernel8.img: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))

	lo, hi := 40, 512 // fails at lo (the image alone is larger), passes at hi
	for hi-lo > 2 {
		mid := (lo + hi) / 2
		cfg := qemu.Config{Machine: qemu.Virt, Append: "selftest", MemoryMiB: mid, Kernel: kernel, Accel: qemu.AccelTCG, Timeout: 120 * time.Second}
		res, err := qemu.Run(context.Background(), cfg)
		if err == nil && res.Status == 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	t.Logf("smallest -m that passes the self-test on virt: %d MiB", hi)
}
