package initrd

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// A preopened directory travels as a tree archive of its own: a newc cpio
// archive of its directories, regular files and symbolic links, stored as
// one file of the initrd on the way in and sent back over the debug
// console on the way out. The same two functions serve both directions and
// both sides (the host's directory, the kernel's RAM file system).

// WriteTree writes the tree of src as a newc archive, leaving out the
// regular files for which skip (when not nil) returns true.
func WriteTree(w io.Writer, src fs.FS, skip func(name string, data []byte) bool) error {
	err := fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		var e entry
		switch {
		case d.IsDir():
			e = entry{name: name, mode: modeDir | 0o755}
		case d.Type()&fs.ModeSymlink != 0:
			target, err := fs.ReadLink(src, name)
			if err != nil {
				return err
			}
			e = entry{name: name, mode: modeSymlink | 0o777, data: []byte(target)}
		case d.Type().IsRegular():
			b, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			if skip != nil && skip(name, b) {
				return nil
			}
			e = entry{name: name, mode: modeRegular | 0o644, data: b}
		default:
			return nil // devices, sockets, pipes: no contents to carry
		}
		if err := writeEntry(w, e); err != nil {
			return fmt.Errorf("write tree %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeTrailer(w)
}

// Sink receives a tree read back: the host's directory writer and the
// kernel's RAM file system both are one.
type Sink interface {
	MkdirAll(name string, perm fs.FileMode) error
	WriteFile(name string, data []byte, perm fs.FileMode) error
	Symlink(target, name string) error
}

// ReadTree reads a tree archive into dst. Names that would leave the tree
// (absolute, or climbing with "..") are refused.
func ReadTree(r io.ReaderAt, dst Sink) error {
	return forEachEntry(r, func(e entry) error {
		name := path.Clean(e.name)
		if name == "." {
			return nil
		}
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("tree entry %q leaves the tree", e.name)
		}
		var err error
		switch e.mode & modeType {
		case modeDir:
			err = dst.MkdirAll(name, 0o755)
		case modeSymlink:
			if err = dst.MkdirAll(path.Dir(name), 0o755); err == nil {
				err = dst.Symlink(string(e.data), name)
			}
		case modeRegular:
			err = dst.WriteFile(name, e.data, fs.FileMode(e.mode&0o777))
		default:
			return nil
		}
		if err != nil {
			return fmt.Errorf("tree entry %s: %w", name, err)
		}
		return nil
	})
}
