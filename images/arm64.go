package images

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// KernelEntryArm64 is the symbol of the arm64 entry point.
const KernelEntryArm64 = "github.com/wasmkernel/wasmkernel/boot.entry"

// Arm64 link addresses (the kernel runs where it is loaded: identity map).
// On QEMU's virt, RAM starts at 1 GiB and the device tree takes its start,
// so the image goes 2 MiB in; a Raspberry Pi's firmware loads kernel8.img
// at 0x80000. The ELF headers take the first page of the first segment.
const (
	arm64VirtText = "0x40201000"
	arm64VirtBase = 0x40200000
	arm64PiText   = "0x81000"
	arm64PiBase   = 0x80000
)

// BuildKernelVirt compiles the arm64 kernel for QEMU's virt machine: the
// ELF at out (its symbols name the PCs of fault reports) and, returned,
// the flat Linux arm64 Image beside it, which is what virt boots: QEMU
// loads an initrd and passes the device tree in x0 only for a Linux
// kernel, not for an ELF.
func BuildKernelVirt(ctx context.Context, moduleDir, out string) (string, error) {
	if err := goBuildKernel(ctx, moduleDir, "arm64", "-T "+arm64VirtText+" -R 0x1000 -E "+KernelEntryArm64, out); err != nil {
		return "", err
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return "", err
	}
	img, err := FlatImage(data, arm64VirtBase)
	if err != nil {
		return "", fmt.Errorf("%s: %w", out, err)
	}
	imgPath := strings.TrimSuffix(out, ".elf") + ".img"
	return imgPath, os.WriteFile(imgPath, img, 0o644)
}

// KernelELF returns the ELF a kernel image was flattened from (itself for
// an ELF): what fault reports are symbolized with.
func KernelELF(kernel string) string {
	if elf := strings.TrimSuffix(kernel, ".img") + ".elf"; strings.HasSuffix(kernel, ".img") {
		if _, err := os.Stat(elf); err == nil {
			return elf
		}
	}
	return kernel
}

// BuildKernelPi writes kernel8.img, the arm64 kernel linked at 0x80000
// and flattened, into dir (with the ELF it came from beside it) and
// returns its path. PiConfig writes the config.txt that boots it.
func BuildKernelPi(ctx context.Context, moduleDir, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	elfPath := filepath.Join(dir, "kernel8.elf")
	if err := goBuildKernel(ctx, moduleDir, "arm64", "-T "+arm64PiText+" -R 0x1000 -E "+KernelEntryArm64, elfPath); err != nil {
		return "", err
	}
	data, err := os.ReadFile(elfPath)
	if err != nil {
		return "", err
	}
	img, err := FlatImage(data, arm64PiBase)
	if err != nil {
		return "", fmt.Errorf("%s: %w", elfPath, err)
	}
	out := filepath.Join(dir, PiKernelFile)
	return out, os.WriteFile(out, img, 0o644)
}

// FlatImage lays the loadable segments of the arm64 kernel ELF data out
// as the flat image a loader puts at base, starting with the header of
// Linux's arm64 Image format in place of the ELF header (which the linker
// put at base and nothing reads at run time): a branch to the entry point,
// the offset of base from the 2 MiB boundary below it, the size of the
// image in memory, the flags (little-endian, 4 KiB pages) and the magic
// number. QEMU then boots it as a Linux kernel (device tree in x0, initrd
// loaded and named in /chosen); a Pi's firmware runs it from its first
// word.
func FlatImage(data []byte, base uint64) ([]byte, error) {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if f.Machine != elf.EM_AARCH64 {
		return nil, fmt.Errorf("not an arm64 ELF file")
	}
	end := base
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD {
			continue
		}
		if p.Paddr < base {
			return nil, fmt.Errorf("segment at %#x below the load address %#x", p.Paddr, base)
		}
		end = max(end, p.Paddr+p.Filesz)
	}
	if end-base > 256<<20 {
		return nil, fmt.Errorf("image of %d bytes is too large", end-base)
	}
	img := make([]byte, end-base)
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Filesz == 0 {
			continue
		}
		if _, err := io.ReadFull(p.Open(), img[p.Paddr-base:p.Paddr-base+p.Filesz]); err != nil {
			return nil, fmt.Errorf("read segment at %#x: %w", p.Paddr, err)
		}
	}
	off := f.Entry - base
	if f.Entry < base || off%4 != 0 || off >= 1<<27 {
		return nil, fmt.Errorf("entry %#x cannot be reached by a branch from %#x", f.Entry, base)
	}
	memEnd := base
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD {
			memEnd = max(memEnd, p.Paddr+p.Memsz)
		}
	}
	const (
		branch       = 0x14000000 // B imm26 (in words)
		imageFlags   = 1 << 1     // little-endian, 4 KiB pages, 2 MiB-aligned base
		imageMagic   = 0x644d5241 // "ARM\x64"
		headerLength = 64
	)
	if len(img) < headerLength {
		return nil, fmt.Errorf("image of %d bytes has no room for its header", len(img))
	}
	le := binary.LittleEndian
	clear(img[:headerLength])
	le.PutUint32(img[0:], branch|uint32(off/4))
	le.PutUint64(img[8:], base&(2<<20-1))
	le.PutUint64(img[16:], memEnd-base)
	le.PutUint64(img[24:], imageFlags)
	le.PutUint32(img[56:], imageMagic)
	return img, nil
}

// BuildKernelFor builds the kernel a QEMU machine preset boots ("q35",
// "microvm", "virt" or "raspi3b") into dir and returns its path.
func BuildKernelFor(ctx context.Context, moduleDir, machine, dir string) (string, error) {
	switch machine {
	case "virt":
		return BuildKernelVirt(ctx, moduleDir, filepath.Join(dir, "kernel-arm64.elf"))
	case "raspi3b":
		return BuildKernelPi(ctx, moduleDir, filepath.Join(dir, "rpi"))
	case "q35", "microvm", "":
		out := filepath.Join(dir, "kernel.elf")
		return out, BuildKernel(ctx, moduleDir, out)
	}
	return "", fmt.Errorf("no kernel build for machine %q", machine)
}

// PiDeviceTree puts the Raspberry Pi 3 B device tree into dir and returns
// its path.
func PiDeviceTree(ctx context.Context, dir string) (string, error) {
	return PiDeviceTreeNamed(ctx, dir, "bcm2710-rpi-3-b.dtb")
}

// PiDeviceTreeNamed puts the device tree file name (such as
// "bcm2711-rpi-4-b.dtb") from gokrazy's kernel.rpi module into dir and
// returns its path.
func PiDeviceTreeNamed(ctx context.Context, dir, name string) (string, error) {
	dtb, err := moduleFile(ctx, dir, piDTBModule, name, piDTBMaxSize)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, dtb, 0o644)
}
