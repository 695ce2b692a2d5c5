package qemu

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// BinaryArm64 is the QEMU system emulator for arm64 guests.
const BinaryArm64 = "qemu-system-aarch64"

// CPUArm64 is the processor model of the virt preset: "max", which has
// the features a current Arm server or board has (FEAT_RNG, whose RNDR is
// the kernel's entropy source on virt, LSE atomics, which the Go runtime
// then uses). raspi3b always has its board's Cortex-A53s.
const CPUArm64 = "max"

// CPUArm64Fast is "max" without pointer authentication, which TCG
// computes in a helper call on every signed return address: Debian's
// arm64 kernel signs them in almost all its functions, and with them
// takes 26 s rather than 4 s to boot (QARMA), and its system calls cost
// several times more host time than their instructions would (also with
// QEMU's cheaper implementation-defined algorithm). On hardware these
// instructions cost next to nothing, and Go code (wasmkernel) does not
// use them. Comparisons with a Linux guest run both sides on it.
const CPUArm64Fast = "max,pauth=off"

// argsArm64 returns QEMU's arguments for an arm64 machine. Both take the
// kernel with -kernel, the PL011 as the console on stdio, and
// -semihosting, through which the kernel's SYS_EXIT call becomes QEMU's
// exit status.
func argsArm64(cfg Config, mem int) ([]string, error) {
	var args []string
	switch cfg.Machine {
	case Virt:
		// virt: a Linux arm64 Image is entered at EL1 with the device
		// tree in x0 (an ELF too, with the device tree at the start of
		// RAM, but without the initrd).
		machine := "virt"
		switch cfg.GIC {
		case 0, 2:
		case 3:
			machine = "virt,gic-version=3"
		default:
			return nil, fmt.Errorf("virt has no GIC version %d (2, 3)", cfg.GIC)
		}
		cpu := cfg.CPU
		if cpu == "" {
			cpu = CPUArm64
		}
		// A virtio entropy device for processors without RNDR.
		args = []string{"-M", machine, "-cpu", cpu, "-m", strconv.Itoa(mem), "-device", "virtio-rng-device"}
	case Raspi3b:
		// raspi3b: kernel8.img at 0x80000, entered at EL2; the board has
		// its fixed 1 GiB, and gets the device tree its firmware would
		// pass.
		if cfg.DTB == "" {
			return nil, errors.New("raspi3b needs the board's device tree (Config.DTB)")
		}
		args = []string{"-M", "raspi3b", "-dtb", cfg.DTB}
		if cfg.SDCard != "" {
			args = append(args, "-drive", "if=sd,format=raw,file="+cfg.SDCard)
		}
	default:
		return nil, fmt.Errorf("unknown arm64 machine %q (virt, raspi3b)", cfg.Machine)
	}
	if cfg.SDCard != "" && cfg.Machine != Raspi3b {
		return nil, errors.New("only raspi3b has an SD card slot")
	}
	args = append(args, "-accel", "tcg", "-nodefaults", "-no-user-config", "-display", "none",
		"-serial", "stdio", "-no-reboot", "-kernel", cfg.Kernel)
	// Semihosting carries the kernel's exit status and, with Export, the
	// exported directories: the kernel appends them to the host file
	// whose path its command line names (SYS_OPEN, SYS_WRITE).
	args = append(args, "-semihosting-config", "enable=on,target=native")
	appendWords := cfg.Append
	if cfg.Export != "" {
		if strings.ContainsAny(cfg.Export, " \t\n") {
			return nil, fmt.Errorf("export file %q: the kernel command line cannot carry a path with spaces", cfg.Export)
		}
		appendWords = strings.TrimSpace(appendWords + " " + SemihostExportWord + cfg.Export)
	}
	if cfg.ICount {
		args = append(args, "-icount", "shift=0,sleep=off")
	}
	switch {
	case cfg.Initrd != "" && cfg.InitrdAddr != 0:
		if strings.Contains(cfg.Initrd, ",") {
			return nil, fmt.Errorf("initrd %q: QEMU cannot take a path with a comma", cfg.Initrd)
		}
		args = append(args, "-device", fmt.Sprintf("loader,file=%s,addr=%#x,force-raw=on", cfg.Initrd, cfg.InitrdAddr))
	case cfg.Initrd != "":
		args = append(args, "-initrd", cfg.Initrd)
	}
	if appendWords != "" {
		args = append(args, "-append", appendWords)
	}
	return args, nil
}

// SemihostExportWord starts the kernel command-line word that names the
// host file an arm64 kernel appends exported directories to.
const SemihostExportWord = "semihost-export="
