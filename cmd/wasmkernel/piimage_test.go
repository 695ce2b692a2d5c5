package main

import (
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/images/sdcard"
)

// TestPiCardBoots writes a Raspberry Pi 3 card with image --board and
// boots it with run --board: the kernel, initrd and device tree QEMU's
// raspi3b gets are the card's, and the app says what it says natively.
func TestPiCardBoots(t *testing.T) {
	code, host, stderr := runCLI("run", "--machine", "host", "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
	require.Equal(t, 0, code, stderr)

	card := filepath.Join(t.TempDir(), "card.img")
	code, listing, stderr := runCLI("image", "--board", "rpi3", "-o", card, "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, listing, card)
	c, err := sdcard.Open(card)
	require.NoError(t, err)
	for _, name := range []string{"bootcode.bin", "start.elf", "fixup.dat", "bcm2710-rpi-3-b.dtb", "config.txt", "kernel8.img", "initrd.cpio", "overlays/disable-bt.dtbo"} {
		_, err := fs.Stat(c.Boot(), name)
		require.NoError(t, err, name)
	}
	require.NoError(t, c.Close())

	code, got, stderr := runCLI("run", "--board", "rpi3", card)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, host, got)
}

// TestPiZero2WBoots boots a Zero 2 W card, apps given with --apps, in
// raspi3b (the same SoC) with the Zero 2 W's own device tree; the second
// app traps and the kernel reports it.
func TestPiZero2WBoots(t *testing.T) {
	code, got, stderr := runCLI("run", "--board", "zero2w", "--apps", "../../examples/hello/hello.wasm,../../examples/trap/trap.wasm")
	require.Equal(t, 121, code, stderr)
	require.Contains(t, got, "Hello from wasmkernel!")
	require.Contains(t, got, "wasmkernel: app trap trapped: wasm trap: out of bounds memory access")
}

func TestPiFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"image", "--board", "rpi2", "-o", filepath.Join(dir, "c.img"), "../../examples/hello/hello.wasm"}, "unknown board"},
		{[]string{"image", "--board", "rpi4", "-o", filepath.Join(dir, "c.img")}, "no apps"},
		{[]string{"image", "--board", "rpi4", "-o", filepath.Join(dir, "c.img"), "--apps", "missing.wasm"}, "missing.wasm"},
		{[]string{"image", "--board", "rpi4", "-o", filepath.Join(dir, "c.img"), "--data", "lots", "../../examples/hello/hello.wasm"}, "--data"},
		{[]string{"run", "--board", "rpi5", "../../examples/hello/hello.wasm"}, "no emulator"},
		{[]string{"run", "--board", "rpi3", "--machine", "virt", "../../examples/hello/hello.wasm"}, "--machine"},
		{[]string{"run", "--board", "rpi3", "--env", "A=B", "card.img"}, "give them to image --board"},
	} {
		code, _, stderr := runCLI(tc.args...)
		require.Equal(t, 2, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, tc.want, tc.args)
	}
}
