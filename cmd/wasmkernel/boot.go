package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// runBoot boots the kernel in QEMU with a command line and shows its
// console; the command's exit status is the kernel's.
func runBoot(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("boot", "[-arch amd64|arm64] [-machine microvm|q35|virt|raspi3b] [-m MiB] [-icount] [-kernel FILE] [-timeout D] [KERNEL COMMAND LINE...]", stderr)
	arch := fs.String("arch", "amd64", "architecture: amd64 or arm64")
	machine := fs.String("machine", "", "QEMU machine: microvm or q35 (amd64, default microvm), virt or raspi3b (arm64, default virt)")
	mem := fs.Int("m", 256, "guest memory in MiB")
	icount := fs.Bool("icount", false, "count guest time in instructions (-icount shift=0)")
	kernel := fs.String("kernel", "", "kernel ELF to boot (default: build it from the wasmkernel source tree around the working directory)")
	timeout := fs.Duration("timeout", 2*time.Minute, "stop the VM after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := machineFor(*arch, *machine)
	if err != nil {
		return err
	}
	cmdline := strings.Join(fs.Args(), " ")
	if cmdline == "" {
		cmdline = "selftest"
	}
	ctx := context.Background()
	if *kernel == "" {
		dir, err := moduleRoot()
		if err != nil {
			return err
		}
		tmp, err := os.MkdirTemp("", "wasmkernel-boot")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if *kernel, err = images.BuildKernelFor(ctx, dir, string(m), tmp); err != nil {
			return err
		}
	}
	cfg := qemu.Config{
		Machine: m, Kernel: *kernel, Append: cmdline, MemoryMiB: *mem,
		ICount: *icount, Timeout: *timeout, Stdin: os.Stdin, Console: stdout,
	}
	if m == qemu.Raspi3b {
		if cfg.DTB, err = images.PiDeviceTree(ctx, filepath.Dir(*kernel)); err != nil {
			return err
		}
	}
	res, err := qemu.Run(ctx, cfg)
	if res != nil && strings.Contains(res.Console, "pc=0x") {
		if sym, err := qemu.Symbolize(res.Console, images.KernelELF(*kernel)); err == nil {
			fmt.Fprintf(stderr, "\nfault report with symbols:\n%s\n", sym[strings.Index(sym, "kernel: fatal"):])
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wasmkernel boot: %s (%s, %s) exited with status %d after %v (first console byte after %v)\n",
		m, m.Arch(), res.Accel, res.Status, res.Elapsed.Round(time.Millisecond), res.FirstByte.Round(time.Millisecond))
	if res.Status != 0 {
		return &exitCodeError{code: res.Status}
	}
	return nil
}

// moduleRoot finds the wasmkernel source tree the working directory is
// in: the kernel is built from source.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/wasmkernel/wasmkernel").Output()
	if err != nil {
		return "", fmt.Errorf("building the kernel needs the wasmkernel source tree: run inside it, or pass -kernel FILE.elf")
	}
	return strings.TrimSpace(string(out)), nil
}

// machineFor picks the QEMU machine for an architecture (its default when
// machine is empty) and checks that the two go together.
func machineFor(arch, machine string) (qemu.Machine, error) {
	m := qemu.Machine(machine)
	switch {
	case machine == "" && arch == "amd64":
		m = qemu.MicroVM
	case machine == "" && arch == "arm64":
		m = qemu.Virt
	case arch != "amd64" && arch != "arm64":
		return "", fmt.Errorf("unknown architecture %q (amd64, arm64)", arch)
	}
	if m.Arch() != arch {
		return "", fmt.Errorf("machine %s is not an %s machine", m, arch)
	}
	return m, nil
}
