package images

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"

	"github.com/wasmkernel/wasmkernel/images/initrd"
)

// WriteBack writes a tree the kernel exported (the files an app created or
// changed in a preopened directory) into host directory dir. Nothing can
// land outside dir (the writes go through *os.Root); files the app
// removed are left on the host.
func WriteBack(dir string, tree []byte) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := initrd.ReadTree(bytes.NewReader(tree), hostSink{root}); err != nil {
		return fmt.Errorf("write back to %s: %w", dir, err)
	}
	return nil
}

// hostSink writes a tree into a host directory, replacing what is there.
type hostSink struct{ *os.Root }

// Symlink replaces whatever has the link's name.
func (h hostSink) Symlink(target, name string) error {
	if old, err := h.Root.Readlink(name); err == nil && old == target {
		return nil
	}
	if fi, err := h.Root.Lstat(name); err == nil && !fi.IsDir() {
		if err := h.Root.Remove(name); err != nil {
			return err
		}
	}
	return h.Root.Symlink(target, name)
}

// WriteFile replaces a symbolic link rather than writing through it.
func (h hostSink) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if fi, err := h.Root.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if err := h.Root.Remove(name); err != nil {
			return err
		}
	}
	return h.Root.WriteFile(name, data, perm)
}
