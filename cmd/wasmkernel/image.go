package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// runImage writes the bootable artefacts of an app without booting them:
// kernel.elf, initrd.cpio and boot.sh (the QEMU command that boots them),
// or with --board a Raspberry Pi's SD card image.
func runImage(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("image", "-o DIR [--machine microvm|q35] [--arch amd64] [--memory SIZE] [--dir HOST::GUEST]... [--env K=V]... APP.wasm [ARGS...]\n"+
		"       wasmkernel image --board rpi3|rpi4|rpi5|zero2w [--apps A.wasm,B.wasm] [--data SIZE] [--env K=V]... -o CARD.img [APP.wasm [ARGS...]]", stderr)
	out := fs.String("o", "", "directory to write the artefacts to (created if missing); with --board, the card image")
	machine := fs.String("machine", "microvm", "the machine boot.sh boots: microvm or q35")
	app := addAppFlags(fs)
	pi := addPiFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: want -o DIR", errUsage)
	}
	if pi.board != "" {
		return runPiImage(pi, app, fs.Args(), *out, stdout, stderr)
	}
	spec, vm, err := app.parse(fs)
	if err != nil {
		return err
	}
	if vm.arch != "amd64" {
		return fmt.Errorf("%w: image writes the x86-64 kernel and boot.sh; boot arm64 apps with run --arch arm64", errUsage)
	}
	// Directories are copied into the image; nothing comes back from a
	// boot without wasmkernel run.
	for i := range spec.Dirs {
		spec.Dirs[i].Export = false
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	building := startProgress(stderr, "building the image")
	img, err := buildImage(context.Background(), *out, []images.AppSpec{spec}, *machine)
	building.done()
	if err != nil {
		return err
	}
	kernel := filepath.Join(*out, "kernel.elf")
	if img.Kernel != kernel {
		b, err := os.ReadFile(img.Kernel)
		if err == nil {
			err = os.WriteFile(kernel, b, 0o755)
		}
		if err != nil {
			return err
		}
	}
	qargs, err := qemu.Args(qemu.Config{Machine: qemu.Machine(*machine), Kernel: "kernel.elf", Initrd: "initrd.cpio",
		MemoryMiB: vm.memoryMiB}, qemu.AccelTCG)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	script := "#!/bin/sh\n# Boots the wasmkernel image in this directory; the app's exit status n\n# comes back as QEMU's exit status 2n+1.\ncd \"$(dirname \"$0\")\" && exec " +
		qemu.Binary + " " + strings.Join(qargs, " ") + "\n"
	if err := os.WriteFile(filepath.Join(*out, "boot.sh"), []byte(script), 0o755); err != nil {
		return err
	}
	for _, name := range []string{"kernel.elf", "initrd.cpio", "boot.sh"} {
		fi, err := os.Stat(filepath.Join(*out, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\t%d bytes\n", filepath.Join(*out, name), fi.Size())
	}
	return nil
}
