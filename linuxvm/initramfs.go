package linuxvm

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/u-root/u-root/pkg/cpio"
)

// Initramfs is the file tree of a Linux guest's initramfs, written as a
// newc cpio archive (the format Linux unpacks into its root file system)
// through u-root's pkg/cpio.
type Initramfs struct {
	files map[string]file // by clean path without the leading "/"
}

type file struct {
	data   []byte
	mode   uint64 // permission bits
	target string // a symbolic link's target (data is nil)
}

// NewInitramfs returns an empty tree.
func NewInitramfs() *Initramfs { return &Initramfs{files: map[string]file{}} }

// cleanPath turns a guest path into an archive name, refusing paths that
// leave the root.
func cleanPath(p string) (string, error) {
	clean := path.Clean("/" + p)[1:]
	if clean == "" || slices.Contains(strings.Split(p, "/"), "..") {
		return "", fmt.Errorf("initramfs path %q is not a file path inside the root", p)
	}
	return clean, nil
}

// AddFile puts data at the guest path p with permission bits mode.
func (r *Initramfs) AddFile(p string, data []byte, mode fs.FileMode) error {
	name, err := cleanPath(p)
	if err != nil {
		return err
	}
	r.files[name] = file{data: data, mode: uint64(mode.Perm())}
	return nil
}

// AddHostFile copies the host file host (following symbolic links) to the
// guest path p, keeping its permission bits.
func (r *Initramfs) AddHostFile(p, host string) error {
	data, err := os.ReadFile(host)
	if err != nil {
		return err
	}
	fi, err := os.Stat(host)
	if err != nil {
		return err
	}
	return r.AddFile(p, data, fi.Mode())
}

// AddSymlink puts a symbolic link to target at the guest path p.
func (r *Initramfs) AddSymlink(p, target string) error {
	name, err := cleanPath(p)
	if err != nil {
		return err
	}
	r.files[name] = file{target: target, mode: 0o777}
	return nil
}

// AddTree copies the regular files and directories under the host
// directory host to the guest directory dir.
func (r *Initramfs) AddTree(dir, host string) error {
	return filepath.WalkDir(host, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(host, p)
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: only regular files and directories can be copied into the guest", p)
		}
		return r.AddHostFile(path.Join(dir, filepath.ToSlash(rel)), p)
	})
}

// Size is the number of bytes of file contents in the tree.
func (r *Initramfs) Size() int64 {
	var n int64
	for _, f := range r.files {
		n += int64(len(f.data))
	}
	return n
}

// WriteTo writes the archive: every file with its parent directories,
// sorted, with zero timestamps and owners, so that the same tree gives the
// same bytes.
func (r *Initramfs) WriteTo(w io.Writer) (int64, error) {
	dirs := map[string]bool{}
	for p := range r.files {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var recs []cpio.Record
	for d := range dirs {
		if _, isFile := r.files[d]; isFile {
			return 0, fmt.Errorf("initramfs path %s is a file and a directory", d)
		}
		recs = append(recs, cpio.Directory(d, 0o755))
	}
	for p, f := range r.files {
		if f.data == nil && f.target != "" {
			recs = append(recs, cpio.Symlink(p, f.target))
			continue
		}
		recs = append(recs, cpio.StaticRecord(f.data, cpio.Info{Name: p, Mode: cpio.S_IFREG | f.mode, NLink: 1}))
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Name < recs[j].Name })
	for i := range recs {
		recs[i] = cpio.MakeReproducible(recs[i])
	}
	cw := &countingWriter{w: w}
	rw := cpio.Newc.Writer(cw)
	if err := cpio.WriteRecords(rw, recs); err != nil {
		return cw.n, fmt.Errorf("write initramfs: %w", err)
	}
	if err := cpio.WriteTrailer(rw); err != nil {
		return cw.n, fmt.Errorf("write initramfs: %w", err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
