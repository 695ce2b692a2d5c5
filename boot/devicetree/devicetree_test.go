package devicetree_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/images"
)

// virtDTB has QEMU write the device tree it gives a virt guest with
// 512 MiB.
func virtDTB(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "virt.dtb")
	out, err := exec.Command("qemu-system-aarch64", "-M", "virt,dumpdtb="+path, "-cpu", "max", "-m", "512",
		"-nodefaults", "-display", "none").CombinedOutput()
	require.NoError(t, err, "%s", out)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestVirt(t *testing.T) {
	tree, err := devicetree.Open(virtDTB(t))
	require.NoError(t, err)

	mem, ok := tree.FindDeviceType("memory", devicetree.Node{})
	require.True(t, ok)
	addr, size, ok := tree.Reg(mem, 0)
	require.True(t, ok)
	require.Equal(t, uint64(0x40000000), addr)
	require.Equal(t, uint64(512<<20), size)
	_, more := tree.FindDeviceType("memory", mem)
	require.False(t, more)

	chosen, ok := tree.FindPath("/chosen")
	require.True(t, ok)
	stdout, ok := tree.String(chosen, "stdout-path")
	require.True(t, ok)
	uart, ok := tree.FindPath(stdout)
	require.True(t, ok, stdout)
	require.True(t, tree.HasString(uart, "compatible", "arm,pl011"))
	addr, _, ok = tree.Reg(uart, 0)
	require.True(t, ok)
	require.Equal(t, uint64(0x09000000), addr)
	first, ok := tree.FindCompatible("arm,pl011", devicetree.Node{})
	require.True(t, ok)
	require.Equal(t, uart.Name(), first.Name())

	gic, ok := tree.FindCompatible("arm,cortex-a15-gic", devicetree.Node{})
	require.True(t, ok)
	dist, _, _ := tree.Reg(gic, 0)
	cpuif, _, _ := tree.Reg(gic, 1)
	require.Equal(t, uint64(0x08000000), dist)
	require.Equal(t, uint64(0x08010000), cpuif)
	parent, ok := tree.InterruptParent(uart)
	require.True(t, ok)
	require.Equal(t, gic.Name(), parent.Name())

	timer, ok := tree.FindCompatible("arm,armv8-timer", devicetree.Node{})
	require.True(t, ok)
	require.Equal(t, 12, tree.Cells(timer, "interrupts"))
	typ, _ := tree.Cell(timer, "interrupts", 6)
	num, _ := tree.Cell(timer, "interrupts", 7)
	require.Equal(t, []uint32{1, 11}, []uint32{typ, num}, "virtual timer: PPI 11")

	psci, ok := tree.FindCompatible("arm,psci-0.2", devicetree.Node{})
	require.True(t, ok)
	method, _ := tree.String(psci, "method")
	require.Equal(t, "hvc", method)

	_, ok = tree.FindPath("/no-such-node")
	require.False(t, ok)
}

// TestRaspberryPi3 reads the device tree a Pi 3 B's firmware passes: its
// peripherals sit on a bus whose "ranges" move 0x7e000000 to 0x3f000000.
func TestRaspberryPi3(t *testing.T) {
	path, err := images.PiDeviceTree(context.Background(), t.TempDir())
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	tree, err := devicetree.Open(b)
	require.NoError(t, err)

	uart, ok := tree.FindCompatible("arm,pl011", devicetree.Node{})
	require.True(t, ok)
	require.Equal(t, "serial@7e201000", uart.Name())
	addr, _, ok := tree.Reg(uart, 0)
	require.True(t, ok)
	require.Equal(t, uint64(0x3f201000), addr)

	rng, ok := tree.FindCompatible("brcm,bcm2835-rng", devicetree.Node{})
	require.True(t, ok)
	addr, _, _ = tree.Reg(rng, 0)
	require.Equal(t, uint64(0x3f104000), addr)

	local, ok := tree.FindCompatible("brcm,bcm2836-l1-intc", devicetree.Node{})
	require.True(t, ok)
	addr, _, _ = tree.Reg(local, 0)
	require.Equal(t, uint64(0x40000000), addr)

	aliases, ok := tree.FindPath("/aliases")
	require.True(t, ok)
	serial0, ok := tree.String(aliases, "serial0")
	require.True(t, ok)
	n, ok := tree.FindPath(serial0)
	require.True(t, ok, serial0)
	require.NotEmpty(t, n.Name())
}

// TestMalformed: every truncation and a corrupted copy of a real blob
// are rejected or read without a panic.
func TestMalformed(t *testing.T) {
	b := virtDTB(t)
	for n := 0; n < len(b); n += 7 {
		tree, err := devicetree.Open(b[:n])
		if err != nil {
			continue
		}
		tree.FindCompatible("arm,pl011", devicetree.Node{})
	}
	_, err := devicetree.Open(b[:100])
	require.ErrorIs(t, err, devicetree.ErrTruncated)
	_, err = devicetree.Open(make([]byte, 64))
	require.ErrorIs(t, err, devicetree.ErrMagic)

	bad := append([]byte(nil), b...)
	for i := 64; i < len(bad); i += 13 {
		bad[i] ^= 0xA5
	}
	tree, err := devicetree.Open(bad)
	require.NoError(t, err)
	tree.FindCompatible("arm,pl011", devicetree.Node{})
	tree.FindPath("/chosen")
	tree.FindDeviceType("memory", devicetree.Node{})
}

// TestNoAllocation: the kernel reads the tree before the Go heap exists.
func TestNoAllocation(t *testing.T) {
	tree, err := devicetree.Open(virtDTB(t))
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(10, func() {
		uart, _ := tree.FindCompatible("arm,pl011", devicetree.Node{})
		tree.Reg(uart, 0)
		chosen, _ := tree.FindPath("/chosen")
		tree.String(chosen, "stdout-path")
		tree.InterruptParent(uart)
		mem, _ := tree.FindDeviceType("memory", devicetree.Node{})
		tree.Reg(mem, 0)
	})
	require.Zero(t, allocs)
}
