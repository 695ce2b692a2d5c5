package initrd

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/u-root/u-root/pkg/cpio"
)

// A preopened directory travels as a tree archive of its own: a newc cpio
// archive of its directories, regular files and symbolic links, stored as
// one file of the initrd on the way in and sent back over the debug
// console on the way out. The same two functions serve both directions and
// both sides (the host's directory, the kernel's RAM file system).

// WriteTree writes the tree of src as a newc archive, leaving out the
// regular files for which skip (when not nil) returns true.
func WriteTree(w io.Writer, src fs.FS, skip func(name string, data []byte) bool) error {
	rw := cpio.Newc.Writer(w)
	err := fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		var rec cpio.Record
		switch {
		case d.IsDir():
			rec = cpio.Directory(name, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := fs.ReadLink(src, name)
			if err != nil {
				return err
			}
			rec = cpio.Symlink(name, target)
		case d.Type().IsRegular():
			b, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			if skip != nil && skip(name, b) {
				return nil
			}
			rec = cpio.StaticRecord(b, cpio.Info{Name: name, Mode: cpio.S_IFREG | 0o644, FileSize: uint64(len(b)), NLink: 1})
		default:
			return nil // devices, sockets, pipes: no contents to carry
		}
		if err := rw.WriteRecord(cpio.MakeReproducible(rec)); err != nil {
			return fmt.Errorf("write tree %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return cpio.WriteTrailer(rw)
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
	return cpio.ForEachRecord(cpio.Newc.Reader(r), func(rec cpio.Record) error {
		name := path.Clean(rec.Name)
		if name == "." {
			return nil
		}
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("tree entry %q leaves the tree", rec.Name)
		}
		var contents bytes.Buffer
		if rec.ReaderAt != nil {
			if _, err := io.Copy(&contents, io.NewSectionReader(rec.ReaderAt, 0, int64(rec.FileSize))); err != nil {
				return fmt.Errorf("read tree entry %s: %w", name, err)
			}
		}
		var err error
		switch rec.Mode & cpio.S_IFMT {
		case cpio.S_IFDIR:
			err = dst.MkdirAll(name, 0o755)
		case cpio.S_IFLNK:
			if err = dst.MkdirAll(path.Dir(name), 0o755); err == nil {
				err = dst.Symlink(contents.String(), name)
			}
		case cpio.S_IFREG:
			err = dst.WriteFile(name, contents.Bytes(), fs.FileMode(rec.Mode&0o777))
		default:
			return nil
		}
		if err != nil {
			return fmt.Errorf("tree entry %s: %w", name, err)
		}
		return nil
	})
}
