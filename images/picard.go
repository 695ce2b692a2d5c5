package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/u-root/u-root/pkg/dt"
	"github.com/wasmkernel/wasmkernel/images/sdcard"
)

// PiCard is what goes onto a Raspberry Pi's SD card.
type PiCard struct {
	Board     PiBoard
	Apps      []AppSpec
	DataBytes int64 // size of the data partition; 0: none
}

// initrdGap is the room left between the kernel's image in memory (its
// code, data and bss) and the initrd.
const initrdGap = 2 << 20

// BuildPiCard builds the kernel and the initrd for card.Apps (compiled
// for arm64) into dir and writes the card image to out: the board's
// firmware and device trees, config.txt, kernel8.img and initrd.cpio on
// the boot partition.
func BuildPiCard(ctx context.Context, moduleDir, dir string, card PiCard, cache Cache, out string) error {
	initrd, err := BuildInitrd(card.Apps, KernelTargetArm64, cache)
	if err != nil {
		return err
	}
	kernelPath, err := BuildKernelPi(ctx, moduleDir, dir)
	if err != nil {
		return err
	}
	kernel, err := os.ReadFile(kernelPath)
	if err != nil {
		return err
	}
	files, err := piBootFiles(ctx, dir, card.Board, kernel, initrd)
	if err != nil {
		return err
	}
	return sdcard.Write(out, sdcard.Layout{Boot: files, DataBytes: card.DataBytes})
}

// piBootFiles returns the boot partition's files for board.
func piBootFiles(ctx context.Context, workDir string, board PiBoard, kernel, initrd []byte) ([]sdcard.File, error) {
	memSize, err := imageMemorySize(kernel)
	if err != nil {
		return nil, err
	}
	initrdAddr := alignUp64(arm64PiBase+memSize, initrdGap) + initrdGap
	files := []sdcard.File{
		{Name: PiConfigFile, Data: []byte(PiConfig(board, initrdAddr))},
		{Name: PiKernelFile, Data: kernel},
		{Name: PiInitrdFile, Data: initrd},
	}
	for _, name := range board.Firmware {
		b, err := moduleFile(ctx, workDir, piFirmwareModule, name, piFirmwareMax)
		if err != nil {
			return nil, err
		}
		files = append(files, sdcard.File{Name: name, Data: b})
	}
	if len(board.Firmware) > 0 { // Broadcom's terms travel with its firmware
		b, err := moduleFile(ctx, workDir, piFirmwareModule, "LICENSE.broadcom", piFirmwareMax)
		if err != nil {
			return nil, err
		}
		files = append(files, sdcard.File{Name: "LICENCE.broadcom", Data: b})
	}
	for _, name := range board.DTBs {
		b, err := moduleFile(ctx, workDir, piDTBModule, name, piDTBMaxSize)
		if err != nil {
			return nil, err
		}
		files = append(files, sdcard.File{Name: name, Data: b})
	}
	for _, name := range board.Overlays {
		b, err := moduleFile(ctx, workDir, piDTBModule, "overlays/"+name, piDTBMaxSize)
		if err != nil {
			return nil, err
		}
		files = append(files, sdcard.File{Name: "overlays/" + name, Data: b})
	}
	return files, nil
}

// imageMemorySize reads the size in memory (bss included) from the header
// of a Linux arm64 Image (see FlatImage).
func imageMemorySize(img []byte) (uint64, error) {
	const magicOff, sizeOff, magic = 56, 16, 0x644d5241
	if len(img) < 64 || binary.LittleEndian.Uint32(img[magicOff:]) != magic {
		return 0, fmt.Errorf("kernel8.img has no arm64 Image header")
	}
	return binary.LittleEndian.Uint64(img[sizeOff:]), nil
}

func alignUp64(n, a uint64) uint64 { return (n + a - 1) / a * a }

// ExtractPiCard reads a card image as the board's firmware would boot it:
// config.txt names the kernel and the initrd and where the initrd goes,
// and the device tree is the board's, with the initrd named in /chosen as
// the firmware names it. It writes the three into dir and returns them,
// for QEMU to boot what the card holds, the initrd where config.txt puts
// it. The kernel must be where QEMU loads it.
func ExtractPiCard(cardPath string, board PiBoard, dir string) (*Image, error) {
	card, err := sdcard.Open(cardPath)
	if err != nil {
		return nil, err
	}
	defer card.Close()
	boot := card.Boot()
	text, err := fs.ReadFile(boot, PiConfigFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cardPath, err)
	}
	cfg, err := ParsePiConfig(string(text))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cardPath, err)
	}
	if cfg.KernelAddress != arm64PiBase {
		return nil, fmt.Errorf("%s: config.txt loads the kernel at %#x; QEMU loads it at %#x", cardPath, cfg.KernelAddress, arm64PiBase)
	}
	files := map[string][]byte{}
	for _, name := range []string{cfg.Kernel, cfg.Initramfs, board.DTBs[0]} {
		if files[name], err = fs.ReadFile(boot, path.Clean(name)); err != nil {
			return nil, fmt.Errorf("%s (a card for the %s?): %w", cardPath, board.Model, err)
		}
	}
	dtb, err := chosenInitrd(files[board.DTBs[0]], cfg.InitrdAddress, uint64(len(files[cfg.Initramfs])))
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", cardPath, board.DTBs[0], err)
	}
	files[board.DTBs[0]] = dtb
	img := &Image{InitrdAddr: cfg.InitrdAddress}
	for name, dst := range map[string]*string{cfg.Kernel: &img.Kernel, cfg.Initramfs: &img.Initrd, board.DTBs[0]: &img.DTB} {
		*dst = filepath.Join(dir, path.Base(name))
		if err := os.WriteFile(*dst, files[name], 0o644); err != nil {
			return nil, err
		}
	}
	return img, nil
}

// chosenInitrd returns the device tree dtb with /chosen naming an initrd
// of size bytes at addr (linux,initrd-start and -end, one cell each, as
// the Pi's firmware writes them).
func chosenInitrd(dtb []byte, addr, size uint64) ([]byte, error) {
	if addr+size > 1<<32 {
		return nil, fmt.Errorf("initrd at %#x does not fit in one cell", addr)
	}
	fdt, err := dt.ReadFDT(bytes.NewReader(dtb))
	if err != nil {
		return nil, err
	}
	chosen, ok := fdt.RootNode.LookupChildByName("chosen")
	if !ok {
		chosen = dt.NewNode("chosen")
		fdt.RootNode.Children = append(fdt.RootNode.Children, chosen)
	}
	chosen.Update(dt.PropertyU32("linux,initrd-start", uint32(addr)))
	chosen.Update(dt.PropertyU32("linux,initrd-end", uint32(addr+size)))
	var out bytes.Buffer
	if _, err := fdt.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
