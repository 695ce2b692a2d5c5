package platform_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/boot/platform"
	"github.com/wasmkernel/wasmkernel/images"
)

// piTree reads a Raspberry Pi device tree from gokrazy's kernel.rpi, as
// the card carries it.
func piTree(t *testing.T, name string) devicetree.Tree {
	t.Helper()
	path, err := images.PiDeviceTreeNamed(context.Background(), t.TempDir(), name)
	require.NoError(t, err)
	return openTree(t, path)
}

// virtTree has QEMU write the device tree of virt with a GIC of version
// gic.
func virtTree(t *testing.T, gic string) devicetree.Tree {
	t.Helper()
	path := filepath.Join(t.TempDir(), "virt.dtb")
	out, err := exec.Command("qemu-system-aarch64", "-M", "virt,gic-version="+gic+",dumpdtb="+path, "-cpu", "max", "-m", "512",
		"-nodefaults", "-display", "none").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return openTree(t, path)
}

func openTree(t *testing.T, path string) devicetree.Tree {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	tree, err := devicetree.Open(b)
	require.NoError(t, err)
	return tree
}

// board is what the kernel must find in a machine's device tree.
type board struct {
	console    platform.Console // Node aside
	interrupts platform.Interrupts
	entropy    platform.Entropy // Kind RNGNone: none listed
	powerOff   platform.PowerOff
	memory     [2]uint64 // the first memory node's first range: address, size
}

// TestBoards reads each machine's real device tree as the kernel does at
// boot: console, interrupt controller with the timer's and console's
// interrupts, entropy source, power off, memory. The Pi trees are the
// ones on the card, before the firmware edits them (it fills in the
// memory sizes and, with the disable-bt overlay, points serial0 at the
// PL011).
func TestBoards(t *testing.T) {
	pi3 := board{
		console: platform.Console{Base: 0x3f201000},
		interrupts: platform.Interrupts{Kind: platform.IntcBCM2836, Local: 0x40000000, ArmCtrl: 0x3f00b200,
			Timer: 3, Console: 25, ConsoleBank: 2, HasConsole: true},
		entropy:  platform.Entropy{Kind: platform.RNGBCM2835, Base: 0x3f104000},
		powerOff: platform.PowerOff{Watchdog: 0x3f100000},
		memory:   [2]uint64{0, 0},
	}
	for _, tc := range []struct {
		name string
		tree func(t *testing.T) devicetree.Tree
		want board
	}{
		{"virt GICv2", func(t *testing.T) devicetree.Tree { return virtTree(t, "2") }, board{
			console:    platform.Console{Base: 0x9000000, ClockHz: 24000000},
			interrupts: platform.Interrupts{Kind: platform.IntcGICv2, Dist: 0x8000000, CPU: 0x8010000, Timer: 27, Console: 33, HasConsole: true},
			powerOff:   platform.PowerOff{PSCI: platform.PSCIHVC},
			memory:     [2]uint64{0x40000000, 512 << 20},
		}},
		{"virt GICv3", func(t *testing.T) devicetree.Tree { return virtTree(t, "3") }, board{
			console:    platform.Console{Base: 0x9000000, ClockHz: 24000000},
			interrupts: platform.Interrupts{Kind: platform.IntcGICv3, Dist: 0x8000000, CPU: 0x80a0000, Timer: 27, Console: 33, HasConsole: true},
			powerOff:   platform.PowerOff{PSCI: platform.PSCIHVC},
			memory:     [2]uint64{0x40000000, 512 << 20},
		}},
		{"Pi 3 B", func(t *testing.T) devicetree.Tree { return piTree(t, "bcm2710-rpi-3-b.dtb") }, pi3},
		{"Pi 3 B+", func(t *testing.T) devicetree.Tree { return piTree(t, "bcm2710-rpi-3-b-plus.dtb") }, pi3},
		{"Pi Zero 2 W", func(t *testing.T) devicetree.Tree { return piTree(t, "bcm2710-rpi-zero-2-w.dtb") }, pi3},
		{"Pi 4 B", func(t *testing.T) devicetree.Tree { return piTree(t, "bcm2711-rpi-4-b.dtb") }, board{
			console: platform.Console{Base: 0xfe201000},
			interrupts: platform.Interrupts{Kind: platform.IntcGICv2, Dist: 0xff841000, CPU: 0xff842000,
				Timer: 27, Console: 32 + 121, HasConsole: true},
			entropy:  platform.Entropy{Kind: platform.RNGIproc, Base: 0xfe104000},
			powerOff: platform.PowerOff{Watchdog: 0xfe100000},
			memory:   [2]uint64{0, 0},
		}},
		{"Pi 5", func(t *testing.T) devicetree.Tree { return piTree(t, "bcm2712-rpi-5-b.dtb") }, board{
			// uart10, the debug header's, with its fixed 9.216 MHz clock
			// at the 115200 baud stdout-path asks for.
			console: platform.Console{Base: 0x107d001000, ClockHz: 9216000, Baud: 115200},
			interrupts: platform.Interrupts{Kind: platform.IntcGICv2, Dist: 0x107fff9000, CPU: 0x107fffa000,
				Timer: 27, Console: 32 + 121, HasConsole: true},
			entropy:  platform.Entropy{Kind: platform.RNGIproc, Base: 0x107d208000},
			powerOff: platform.PowerOff{PSCI: platform.PSCISMC},
			memory:   [2]uint64{0, 0x28000000},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := tc.tree(t)
			console, err := platform.FindConsole(tree)
			require.NoError(t, err)
			require.True(t, tree.HasString(console.Node, "compatible", "arm,pl011"))
			got := board{console: console}
			got.console.Node = devicetree.Node{}
			got.interrupts, err = platform.FindInterrupts(tree, console.Node)
			require.NoError(t, err)
			got.entropy, _ = platform.FindEntropy(tree)
			got.powerOff = platform.FindPowerOff(tree)
			mem, ok := tree.FindDeviceType("memory", devicetree.Node{})
			require.True(t, ok, "a memory node")
			got.memory[0], got.memory[1], ok = tree.Reg(mem, 0)
			require.True(t, ok)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestStdoutPath: a stdout-path naming a PL011 by alias, with options,
// is followed; one naming another kind of UART falls back to the first
// PL011 without its options.
func TestStdoutPath(t *testing.T) {
	pi5 := piTree(t, "bcm2712-rpi-5-b.dtb")
	c, err := platform.FindConsole(pi5)
	require.NoError(t, err)
	require.Equal(t, "serial@7d001000", c.Node.Name(), "uart10 by its alias serial10")

	pi4 := piTree(t, "bcm2711-rpi-4-b.dtb")
	c, err = platform.FindConsole(pi4)
	require.NoError(t, err)
	require.Equal(t, "serial@7e201000", c.Node.Name(), "serial0 is the mini UART: the first PL011 instead")
	require.Zero(t, c.Baud)
}

func TestMissing(t *testing.T) {
	// A tree with a root and nothing else: 40-byte header, the
	// structure block (begin-node "", end-node, end), no strings.
	blob := []byte{
		0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 60, 0, 0, 0, 40, 0, 0, 0, 60, 0, 0, 0, 40,
		0, 0, 0, 17, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16,
		0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 9, 0, 0, 0, 0,
	}
	tree, err := devicetree.Open(blob)
	require.NoError(t, err)
	_, err = platform.FindConsole(tree)
	require.ErrorIs(t, err, platform.ErrNoConsole)
	_, err = platform.FindInterrupts(tree, devicetree.Node{})
	require.ErrorIs(t, err, platform.ErrNoTimer)
	_, ok := platform.FindEntropy(tree)
	require.False(t, ok)
	require.Equal(t, platform.PowerOff{}, platform.FindPowerOff(tree))
}
