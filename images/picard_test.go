package images

import (
	"context"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/boot/devicetree"
	"github.com/wasmkernel/wasmkernel/images/sdcard"
)

func TestPiConfigRoundTrip(t *testing.T) {
	for _, b := range PiBoards {
		text := PiConfig(b, 0x2400000)
		require.Contains(t, text, "arm_64bit=1\n", b.Name)
		require.Contains(t, text, "enable_uart=1\n", b.Name)
		cfg, err := ParsePiConfig(text)
		require.NoError(t, err, b.Name)
		require.Equal(t, PiBootConfig{Kernel: PiKernelFile, KernelAddress: 0x80000, Initramfs: PiInitrdFile, InitrdAddress: 0x2400000}, cfg, b.Name)
	}
	_, err := ParsePiConfig("arm_64bit=1\nkernel=kernel8.img\n")
	require.Error(t, err, "no initramfs")
	_, err = ParsePiConfig("kernel=k\ninitramfs initrd.cpio followkernel\n")
	require.Error(t, err, "an address is what the kernel relies on")
}

func TestPiBoardNamed(t *testing.T) {
	b, err := PiBoardNamed("rpi4")
	require.NoError(t, err)
	require.Equal(t, "bcm2711-rpi-4-b.dtb", b.DTBs[0])
	_, err = PiBoardNamed("rpi2")
	require.ErrorContains(t, err, "rpi3, zero2w, rpi4, rpi5")
}

// TestPiCardStructure writes the card of every board (with a stand-in
// kernel and initrd: the kernel build is tested by the boot tests) and
// checks what the firmware will find: the partition table, the files,
// config.txt, and that each device tree is a real one for its board.
func TestPiCardStructure(t *testing.T) {
	kernel := make([]byte, 4096)
	binary.LittleEndian.PutUint64(kernel[16:], 5<<20+123) // size in memory
	binary.LittleEndian.PutUint32(kernel[56:], 0x644d5241)
	initrd := []byte("070701 initrd")
	for _, b := range PiBoards {
		t.Run(b.Name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := piBootFiles(context.Background(), dir, b, kernel, initrd)
			require.NoError(t, err)
			path := filepath.Join(dir, "card.img")
			require.NoError(t, sdcard.Write(path, sdcard.Layout{Boot: files, DataBytes: 64 << 20}))

			card, err := sdcard.Open(path)
			require.NoError(t, err)
			defer card.Close()
			require.Len(t, card.Partitions, 2)
			require.True(t, card.Partitions[0].Bootable)
			require.Equal(t, byte(0x0C), card.Partitions[0].Type, "FAT32 LBA")
			require.Equal(t, sdcard.DataLabel, card.Partitions[1].Label)

			boot := card.Boot()
			text, err := fs.ReadFile(boot, PiConfigFile)
			require.NoError(t, err)
			cfg, err := ParsePiConfig(string(text))
			require.NoError(t, err)
			require.Equal(t, uint64(0x80000), cfg.KernelAddress)
			require.Equal(t, uint64(0x800000), cfg.InitrdAddress, "past the kernel's 5 MiB in memory at 0x80000, a 2 MiB gap")
			for _, overlay := range b.Overlays {
				require.Contains(t, string(text), "dtoverlay="+strings.TrimSuffix(overlay, ".dtbo")+"\n")
				_, err := fs.Stat(boot, "overlays/"+overlay)
				require.NoError(t, err)
			}
			got, err := fs.ReadFile(boot, cfg.Kernel)
			require.NoError(t, err)
			require.Equal(t, kernel, got)
			got, err = fs.ReadFile(boot, cfg.Initramfs)
			require.NoError(t, err)
			require.Equal(t, initrd, got)

			for _, name := range b.Firmware {
				fi, err := fs.Stat(boot, name)
				require.NoError(t, err, name)
				require.Greater(t, fi.Size(), int64(1000), name)
			}
			_, err = fs.Stat(boot, "start.elf")
			require.Equal(t, b.Name == "rpi3" || b.Name == "zero2w", err == nil, "start.elf only for the Pi 3 and Zero 2 W")
			_, err = fs.Stat(boot, "LICENCE.broadcom")
			require.Equal(t, len(b.Firmware) > 0, err == nil, "the firmware's licence with the firmware")

			for _, name := range b.DTBs {
				dtb, err := fs.ReadFile(boot, name)
				require.NoError(t, err, name)
				tree, err := devicetree.Open(dtb)
				require.NoError(t, err, name)
				root, _ := tree.Root()
				require.True(t, tree.HasString(root, "compatible", piSoC[b.Name]), "%s is a %s device tree", name, piSoC[b.Name])
			}
		})
	}
}

// piSoC is the SoC each board's device trees name.
var piSoC = map[string]string{"rpi3": "brcm,bcm2837", "zero2w": "brcm,bcm2837", "rpi4": "brcm,bcm2711", "rpi5": "brcm,bcm2712"}

// TestExtractPiCard reads a card back as the firmware would: the kernel
// and initrd config.txt names, and the board's device tree with /chosen
// naming the initrd at config.txt's address.
func TestExtractPiCard(t *testing.T) {
	kernel := make([]byte, 8192)
	binary.LittleEndian.PutUint64(kernel[16:], 40<<20)
	binary.LittleEndian.PutUint32(kernel[56:], 0x644d5241)
	initrd := []byte("the initrd's bytes")
	board, err := PiBoardNamed("zero2w")
	require.NoError(t, err)
	dir := t.TempDir()
	files, err := piBootFiles(context.Background(), dir, board, kernel, initrd)
	require.NoError(t, err)
	card := filepath.Join(dir, "card.img")
	require.NoError(t, sdcard.Write(card, sdcard.Layout{Boot: files}))

	out := t.TempDir()
	img, err := ExtractPiCard(card, board, out)
	require.NoError(t, err)
	const want = 0x2c00000 // past 0x80000 + 40 MiB, rounded to 2 MiB, plus 2 MiB
	require.Equal(t, uint64(want), img.InitrdAddr)
	for path, data := range map[string][]byte{img.Kernel: kernel, img.Initrd: initrd} {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, data, got, path)
	}
	require.Equal(t, "bcm2710-rpi-zero-2-w.dtb", filepath.Base(img.DTB))
	b, err := os.ReadFile(img.DTB)
	require.NoError(t, err)
	tree, err := devicetree.Open(b)
	require.NoError(t, err)
	chosen, ok := tree.FindPath("/chosen")
	require.True(t, ok)
	start, _ := tree.Uint(chosen, "linux,initrd-start")
	end, _ := tree.Uint(chosen, "linux,initrd-end")
	require.Equal(t, [2]uint64{want, want + uint64(len(initrd))}, [2]uint64{start, end})
	root, _ := tree.Root()
	require.True(t, tree.HasString(root, "compatible", "raspberrypi,model-zero-2-w"), "the rest of the tree is the board's")

	_, err = ExtractPiCard(filepath.Join(dir, "missing.img"), board, out)
	require.Error(t, err)
	files[0].Data = []byte(strings.Replace(string(files[0].Data), "kernel_address=0x80000", "kernel_address=0x200000", 1))
	require.NoError(t, sdcard.Write(card, sdcard.Layout{Boot: files}))
	_, err = ExtractPiCard(card, board, out)
	require.ErrorContains(t, err, "QEMU loads it at 0x80000")
}
