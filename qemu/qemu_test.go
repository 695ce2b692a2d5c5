package qemu

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestArgs(t *testing.T) {
	args, err := Args(Config{Machine: MicroVM, Kernel: "k.elf", Append: "selftest", ICount: true}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "isa-debug-exit,iobase=0xf4,iosize=0x04")
	require.Contains(t, args, "shift=0,sleep=off")
	require.Contains(t, args, "selftest")
	_, err = Args(Config{Machine: "pc", Kernel: "k"}, AccelTCG)
	require.ErrorContains(t, err, "unknown machine")
	_, err = Args(Config{}, AccelTCG)
	require.Error(t, err)
}

// TestProbeGuestUnderTCG boots the KVM probe guest with TCG: it must
// report its status, which is what makes the probe's KVM answer mean
// something.
func TestProbeGuestUnderTCG(t *testing.T) {
	kernel := filepath.Join(t.TempDir(), "probe.elf")
	require.NoError(t, os.WriteFile(kernel, probeELF(), 0o644))
	for _, m := range []Machine{MicroVM, Q35} {
		res, err := Run(context.Background(), Config{Machine: m, Kernel: kernel, Accel: AccelTCG, MemoryMiB: 32, Timeout: 30 * time.Second})
		require.NoError(t, err, m)
		require.Equal(t, probeStatus, res.Status, m)
	}
}

// TestKVMWorks runs the real probe: whatever the answer, it must come
// back within its time limit.
func TestKVMWorks(t *testing.T) {
	t0 := time.Now()
	works := KVMWorks(context.Background())
	t.Logf("KVM works here: %v (probe took %v)", works, time.Since(t0).Round(time.Millisecond))
	require.Less(t, time.Since(t0), 10*time.Second)
}

func TestArgsArm64(t *testing.T) {
	args, err := Args(Config{Machine: Virt, Kernel: "k.elf", Append: "selftest", GIC: 3}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "virt,gic-version=3")
	require.Contains(t, args, "enable=on,target=native")
	require.Equal(t, BinaryArm64, Virt.Binary())
	args, err = Args(Config{Machine: Virt, Kernel: "k.elf", Append: "selftest", Export: "/tmp/x/export"}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "selftest "+SemihostExportWord+"/tmp/x/export")
	_, err = Args(Config{Machine: Virt, Kernel: "k.elf", Export: "/tmp/a b/export"}, AccelTCG)
	require.ErrorContains(t, err, "spaces")
	_, err = Args(Config{Machine: Raspi3b, Kernel: "kernel8.img"}, AccelTCG)
	require.ErrorContains(t, err, "device tree")
	args, err = Args(Config{Machine: Raspi3b, Kernel: "kernel8.img", DTB: "pi.dtb"}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "pi.dtb")
	args, err = Args(Config{Machine: Raspi3b, Kernel: "kernel8.img", DTB: "pi.dtb", SDCard: "card.img"}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "if=sd,format=raw,file=card.img")
	args, err = Args(Config{Machine: Raspi3b, Kernel: "kernel8.img", DTB: "pi.dtb", Initrd: "initrd.cpio", InitrdAddr: 0x800000}, AccelTCG)
	require.NoError(t, err)
	require.Contains(t, args, "loader,file=initrd.cpio,addr=0x800000,force-raw=on")
	require.NotContains(t, args, "-initrd")
	for _, cfg := range []Config{{Machine: Virt, SDCard: "card.img"}, {Machine: MicroVM, SDCard: "card.img"}, {Machine: Raspi3b, DTB: "pi.dtb", SDCard: "a,b.img"},
		{Machine: Raspi3b, DTB: "pi.dtb", Initrd: "a,b.cpio", InitrdAddr: 0x800000}, {Machine: MicroVM, Initrd: "i", InitrdAddr: 0x800000}} {
		cfg.Kernel = "k"
		_, err = Args(cfg, AccelTCG)
		require.Error(t, err, "%+v", cfg)
	}
	_, err = Args(Config{Machine: Virt, Kernel: "k.elf", GIC: 4}, AccelTCG)
	require.Error(t, err)
	_, err = Run(context.Background(), Config{Machine: Virt, Kernel: "k.elf", Accel: AccelKVM})
	require.ErrorContains(t, err, "TCG")
}
