package ramfs

import (
	"io/fs"
	"os"
	"path"
	"syscall"
)

// MkdirAll makes directory name and any parents it lacks.
func (f *FS) MkdirAll(name string, perm fs.FileMode) error {
	cur := ""
	for _, c := range split(name) {
		cur = path.Join(cur, c)
		err := f.Mkdir(cur, perm)
		if err == nil {
			continue
		}
		if fi, serr := f.Stat(cur); serr != nil || !fi.IsDir() {
			return err
		}
	}
	return nil
}

// WriteFile writes data to file name, making it and its parent
// directories as needed.
func (f *FS) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := f.MkdirAll(path.Dir(name), 0o755); err != nil {
		return err
	}
	h, err := f.openFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := h.Write(data); err != nil {
		h.Close()
		return err
	}
	return h.Close()
}

// ReadFile returns the contents of file name (an io/fs path).
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, pathError("read", name, syscall.EINVAL)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, true)
	if errno != 0 {
		return nil, pathError("read", name, errno)
	}
	if n.isDir() {
		return nil, pathError("read", name, syscall.EISDIR)
	}
	return append([]byte(nil), n.data...), nil
}

// CopyFrom adds the files, directories and symbolic links of src to the
// root of f (regular files are read whole).
func (f *FS) CopyFrom(src fs.FS) error {
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case name == ".":
			return nil
		case d.IsDir():
			return f.MkdirAll(name, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := fs.ReadLink(src, name)
			if err != nil {
				return err
			}
			return f.Symlink(target, name)
		case d.Type().IsRegular():
			b, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			return f.WriteFile(name, b, 0o644)
		}
		return nil // devices, sockets, pipes: not file data
	})
}

// ReadLink implements io/fs.ReadLinkFS (with Lstat), so that fs.WalkDir
// users such as initrd.WriteTree see symbolic links as links.
func (f *FS) ReadLink(name string) (string, error) { return f.Readlink(name) }
