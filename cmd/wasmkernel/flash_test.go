package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/images/flash"
)

// readerSystem is a machine whose one card reader is the regular file
// path: flash's checks pass it, and the write goes to the file.
type readerSystem struct{ path string }

func (r readerSystem) Device(path string) (flash.Device, error) {
	if path != r.path {
		return flash.Device{}, errors.New(path + " is not a block device")
	}
	return flash.Device{Path: path, Name: "sdz", Size: 256 << 20, Model: "Test Reader", Removable: true, Transport: "usb", Numbers: []string{"8:400"}}, nil
}

func (readerSystem) InUse() ([]flash.Use, error)    { return nil, nil }
func (readerSystem) SystemDisks() ([]string, error) { return []string{"sda"}, nil }

// TestFlashCommand writes a card image to a stand-in device: asked and
// declined, nothing is written; with --yes, the card is written and
// verified; built from --board in one step, the device holds a card.
func TestFlashCommand(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "card.img")
	want := bytes.Repeat([]byte("card"), 3<<20)
	require.NoError(t, os.WriteFile(img, want, 0o644))
	dev := filepath.Join(dir, "sdz")
	require.NoError(t, os.WriteFile(dev, nil, 0o644))
	sys := readerSystem{path: dev}

	var out, errOut strings.Builder
	err := flashWith(sys, strings.NewReader("n\n"), []string{img, dev}, &out, &errOut)
	require.ErrorContains(t, err, "nothing written")
	require.Contains(t, errOut.String(), "Test Reader, 268.4 MB, usb")
	require.Contains(t, errOut.String(), "Go on? [y/N]")
	fi, err := os.Stat(dev)
	require.NoError(t, err)
	require.Zero(t, fi.Size())

	out.Reset()
	errOut.Reset()
	require.NoError(t, flashWith(sys, strings.NewReader("y\n"), []string{img, dev}, &out, &errOut))
	require.Contains(t, errOut.String(), "writing: 100%")
	require.Contains(t, errOut.String(), "verifying: 100%")
	require.Contains(t, out.String(), "wrote and verified")
	got, err := os.ReadFile(dev)
	require.NoError(t, err)
	require.Equal(t, want, got)

	err = flashWith(sys, strings.NewReader(""), []string{"--yes", img, filepath.Join(dir, "other")}, &out, &errOut)
	require.ErrorContains(t, err, "refusing to write")

	out.Reset()
	require.NoError(t, flashWith(sys, strings.NewReader(""), []string{"--yes", "--board", "rpi4", "../../examples/hello/hello.wasm", dev}, &out, &errOut))
	require.Contains(t, out.String(), "wrote and verified 134.2 MB")
	head, err := os.ReadFile(dev)
	require.NoError(t, err)
	require.Equal(t, []byte{0x55, 0xAA}, head[510:512], "an MBR")

	code, _, stderr := runCLI("flash", img)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want CARD.img DEVICE")
}
