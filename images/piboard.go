package images

import (
	"fmt"
	"strings"
)

// PiBoard is a Raspberry Pi model wasmkernel writes SD cards for: what
// its firmware needs on the card and how it is configured. One kernel8.img
// serves them all: the kernel finds its console, interrupt controller,
// timer and entropy source in the device tree the firmware passes.
type PiBoard struct {
	Name  string // as --board says it
	Model string
	// DTBs are the device trees of the board's variants; the firmware
	// loads the one matching the board it runs on. The first is the one
	// QEMU gets.
	DTBs []string
	// Firmware are the files of github.com/gokrazy/firmware the board's
	// GPU boots from (none on the Pi 5, whose firmware is in its EEPROM).
	Firmware []string
	// Overlays are the device-tree overlays config.txt applies, from
	// kernel.rpi's overlays directory.
	Overlays []string
	// Config is the board's part of config.txt.
	Config string
	// Machine is the QEMU machine that emulates the board's SoC, or ""
	// where none does.
	Machine string
	// Tested says how the board is tested.
	Tested string
}

// The Pi 3, Zero 2 W and Pi 4 have their PL011 on Bluetooth: the
// disable-bt overlay gives it the header's pins (GPIO 14 and 15) and the
// firmware sets its clock to what init_uart_clock says, for the baud rate
// the firmware programs. The Pi 5's console is the PL011 of the debug
// header (uart10), which needs neither.
const piUARTOnHeader = "dtoverlay=disable-bt\ninit_uart_clock=48000000\n"

// PiBoards are the boards image --board knows.
var PiBoards = []PiBoard{
	{
		Name: "rpi3", Model: "Raspberry Pi 3 Model B / B+",
		DTBs:     []string{"bcm2710-rpi-3-b.dtb", "bcm2710-rpi-3-b-plus.dtb"},
		Firmware: []string{"bootcode.bin", "start.elf", "fixup.dat"},
		Overlays: []string{"disable-bt.dtbo"},
		Config:   piUARTOnHeader,
		Machine:  "raspi3b",
		Tested:   "booted in QEMU raspi3b from the card's artefacts",
	},
	{
		Name: "zero2w", Model: "Raspberry Pi Zero 2 W",
		DTBs:     []string{"bcm2710-rpi-zero-2-w.dtb"},
		Firmware: []string{"bootcode.bin", "start.elf", "fixup.dat"},
		Overlays: []string{"disable-bt.dtbo"},
		Config:   piUARTOnHeader,
		Machine:  "raspi3b",
		Tested:   "booted in QEMU raspi3b (the same BCM2710 SoC) with its own device tree",
	},
	{
		Name: "rpi4", Model: "Raspberry Pi 4 Model B / 400",
		DTBs:     []string{"bcm2711-rpi-4-b.dtb", "bcm2711-rpi-400.dtb"},
		Firmware: []string{"start4.elf", "fixup4.dat"},
		Overlays: []string{"disable-bt.dtbo"},
		Config:   piUARTOnHeader + "enable_gic=1\n",
		Tested:   "untested on hardware: no emulator here has the BCM2711; its device tree is checked",
	},
	{
		Name: "rpi5", Model: "Raspberry Pi 5",
		DTBs:   []string{"bcm2712-rpi-5-b.dtb", "bcm2712d0-rpi-5-b.dtb"},
		Tested: "untested on hardware: no emulator here has the BCM2712; its device tree is checked",
	},
}

// PiBoardNamed returns the board called name.
func PiBoardNamed(name string) (PiBoard, error) {
	var names []string
	for _, b := range PiBoards {
		if b.Name == name {
			return b, nil
		}
		names = append(names, b.Name)
	}
	return PiBoard{}, fmt.Errorf("unknown board %q (%s)", name, strings.Join(names, ", "))
}

// Names of the files on the card.
const (
	PiKernelFile = "kernel8.img"
	PiInitrdFile = "initrd.cpio"
	PiConfigFile = "config.txt"
)

// PiConfig returns config.txt for board: 64-bit mode, the kernel at its
// link address, the initrd at initrdAddr (the firmware names it in the
// device tree's /chosen, as linux,initrd-start and -end, which is where
// the kernel looks), the UART on.
func PiConfig(board PiBoard, initrdAddr uint64) string {
	return fmt.Sprintf(`# wasmkernel for the %s (written by wasmkernel image --board %s)
arm_64bit=1
kernel=%s
kernel_address=%#x
initramfs %s %#x
enable_uart=1
%s`, board.Model, board.Name, PiKernelFile, arm64PiBase, PiInitrdFile, initrdAddr, board.Config)
}

// PiBootConfig is what the kernel's boot depends on in a config.txt.
type PiBootConfig struct {
	Kernel        string
	KernelAddress uint64
	Initramfs     string
	InitrdAddress uint64
}

// ParsePiConfig reads the settings the firmware boots the kernel by from
// a config.txt (settings in conditional sections such as [pi4] are read
// too: the firmware applies the section of the board it runs on).
func ParsePiConfig(text string) (PiBootConfig, error) {
	var c PiBootConfig
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '[' {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "initramfs "); ok {
			f := strings.Fields(rest)
			if len(f) != 2 {
				return c, fmt.Errorf("config.txt line %d: want initramfs FILE ADDRESS", i+1)
			}
			c.Initramfs = f[0]
			if _, err := fmt.Sscan(f[1], &c.InitrdAddress); err != nil {
				return c, fmt.Errorf("config.txt line %d: initramfs address %q", i+1, f[1])
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "kernel":
			c.Kernel = strings.TrimSpace(value)
		case "kernel_address":
			if _, err := fmt.Sscan(strings.TrimSpace(value), &c.KernelAddress); err != nil {
				return c, fmt.Errorf("config.txt line %d: kernel_address %q", i+1, value)
			}
		}
	}
	if c.Kernel == "" || c.Initramfs == "" {
		return c, fmt.Errorf("config.txt names no kernel or no initramfs")
	}
	return c, nil
}
