package ramfs

import (
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/wasmkernel/wasmkernel/wasi"
)

// Mkdir implements wasi.FS.Mkdir.
func (f *FS) Mkdir(name string, perm fs.FileMode) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, base, errno := f.walkParent(name)
	if errno != 0 {
		return pathError("mkdir", name, errno)
	}
	if _, ok := dir.children[base]; ok {
		return pathError("mkdir", name, syscall.EEXIST)
	}
	f.link(dir, base, f.newNode(fs.ModeDir|perm.Perm()))
	return nil
}

// link puts n into dir under base.
func (f *FS) link(dir *node, base string, n *node) {
	dir.children[base] = n
	if n.isDir() {
		n.parent = dir
		dir.nlink++
	}
	f.touch(dir)
}

// unlink takes base out of dir.
func (f *FS) unlink(dir *node, base string) {
	n := dir.children[base]
	delete(dir.children, base)
	n.nlink--
	if n.isDir() {
		n.nlink = 0
		dir.nlink--
	}
	n.ctime = f.now()
	f.touch(dir)
	f.release(n)
}

// Remove implements wasi.FS.Remove.
func (f *FS) Remove(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, base, errno := f.walkParent(name)
	if errno == syscall.EEXIST {
		errno = syscall.EBUSY // the root
	}
	if errno != 0 {
		return pathError("remove", name, errno)
	}
	n, ok := dir.children[base]
	if !ok {
		return pathError("remove", name, syscall.ENOENT)
	}
	if n.isDir() && len(n.children) > 0 {
		return pathError("remove", name, syscall.ENOTEMPTY)
	}
	f.unlink(dir, base)
	return nil
}

// Rename implements wasi.FS.Rename with rename(2)'s rules: a file replaces
// a file, a directory replaces an empty directory, and a directory cannot
// move into itself.
func (f *FS) Rename(oldname, newname string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fail := func(errno syscall.Errno) error {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errno}
	}
	odir, obase, errno := f.walkParent(oldname)
	if errno == syscall.EEXIST {
		errno = syscall.EBUSY
	}
	if errno != 0 {
		return fail(errno)
	}
	src, ok := odir.children[obase]
	if !ok {
		return fail(syscall.ENOENT)
	}
	ndir, nbase, errno := f.walkParent(newname)
	if errno == syscall.EEXIST {
		errno = syscall.EBUSY
	}
	if errno != 0 {
		return fail(errno)
	}
	if src.isDir() && f.isAncestor(src, ndir) {
		return fail(syscall.EINVAL)
	}
	if dst, ok := ndir.children[nbase]; ok {
		switch {
		case dst == src:
			return nil
		case src.isDir() && !dst.isDir():
			return fail(syscall.ENOTDIR)
		case !src.isDir() && dst.isDir():
			return fail(syscall.EISDIR)
		case dst.isDir() && len(dst.children) > 0:
			return fail(syscall.ENOTEMPTY)
		}
		f.unlink(ndir, nbase)
	}
	delete(odir.children, obase)
	if src.isDir() {
		odir.nlink--
	}
	f.touch(odir)
	f.link(ndir, nbase, src)
	src.ctime = f.now()
	return nil
}

// Lstat implements wasi.FS.Lstat.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, false)
	if errno != 0 {
		return nil, pathError("lstat", name, errno)
	}
	return f.info(n, name), nil
}

// LstatValue implements wasi.FilestatFS: Lstat without allocating.
func (f *FS) LstatValue(name string) (wasi.Filestat, error) {
	f.mu.Lock()
	n, errno := f.walk(name, false)
	if errno != 0 {
		f.mu.Unlock()
		return wasi.Filestat{}, pathError("lstat", name, errno)
	}
	st := f.filestat(n)
	f.mu.Unlock()
	return st, nil
}

// Stat returns the file name names, following symbolic links.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, true)
	if errno != 0 {
		return nil, pathError("stat", name, errno)
	}
	return f.info(n, name), nil
}

// Readlink implements wasi.FS.Readlink.
func (f *FS) Readlink(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, false)
	if errno != 0 {
		return "", pathError("readlink", name, errno)
	}
	if !n.isSymlink() {
		return "", pathError("readlink", name, syscall.EINVAL)
	}
	return n.target, nil
}

// LinkTarget reports whether name, its final component not followed, is a
// symbolic link, and its target: what path resolution asks of every
// component, answered without building a FileInfo or an error for the
// common answers (not a link, or nothing there).
func (f *FS) LinkTarget(name string) (target string, isLink bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, false)
	switch {
	case errno == syscall.ENOENT:
		return "", false, nil
	case errno != 0:
		return "", false, pathError("readlink", name, errno)
	case !n.isSymlink():
		return "", false, nil
	}
	return n.target, true, nil
}

// Symlink implements wasi.FS.Symlink. The target is stored as given; it is
// checked when a lookup follows it.
func (f *FS) Symlink(target, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, base, errno := f.walkParent(name)
	if errno != 0 {
		return pathError("symlink", name, errno)
	}
	if _, ok := dir.children[base]; ok {
		return pathError("symlink", name, syscall.EEXIST)
	}
	n := f.newNode(fs.ModeSymlink | 0o777)
	n.target = target
	f.link(dir, base, n)
	return nil
}

// Link implements wasi.FS.Link: a second name for a file (not a
// directory); a final symbolic link is linked itself, as linkat(2) does.
func (f *FS) Link(oldname, newname string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	fail := func(errno syscall.Errno) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: errno}
	}
	src, errno := f.walk(oldname, false)
	if errno != 0 {
		return fail(errno)
	}
	if src.isDir() {
		return fail(syscall.EPERM)
	}
	dir, base, errno := f.walkParent(newname)
	if errno != 0 {
		return fail(errno)
	}
	if _, ok := dir.children[base]; ok {
		return fail(syscall.EEXIST)
	}
	src.nlink++
	src.ctime = f.now()
	f.link(dir, base, src)
	return nil
}

// SetTimes implements wasi.FS.SetTimes.
func (f *FS) SetTimes(name string, atime, mtime time.Time, follow bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, errno := f.walk(name, follow)
	if errno != 0 {
		return pathError("utimes", name, errno)
	}
	f.setTimes(n, atime, mtime)
	return nil
}

func (f *FS) setTimes(n *node, atime, mtime time.Time) {
	if !atime.IsZero() {
		n.atime = atime.UnixNano()
	}
	if !mtime.IsZero() {
		n.mtime = mtime.UnixNano()
	}
	n.ctime = f.now()
}

// OpenFile implements wasi.FS.OpenFile.
func (f *FS) OpenFile(name string, flag int, perm fs.FileMode) (wasi.File, error) {
	h, err := f.openFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func (f *FS) openFile(name string, flag int, perm fs.FileMode) (*File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fail := func(errno syscall.Errno) (*File, error) { return nil, pathError("open", name, errno) }
	access := flag & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
	writable := access == os.O_WRONLY || access == os.O_RDWR
	follow := flag&syscall.O_NOFOLLOW == 0
	n, errno := f.walk(name, follow)
	switch {
	case errno == syscall.ENOENT && flag&os.O_CREATE != 0:
		dir, base, errno := f.walkParent(name)
		if errno != 0 {
			return fail(errno)
		}
		if _, ok := dir.children[base]; ok {
			return fail(syscall.ENOENT) // a dangling symbolic link
		}
		if flag&syscall.O_DIRECTORY != 0 {
			return fail(syscall.EINVAL)
		}
		n = f.newNode(perm.Perm())
		f.link(dir, base, n)
	case errno != 0:
		return fail(errno)
	case flag&os.O_CREATE != 0 && flag&os.O_EXCL != 0:
		return fail(syscall.EEXIST)
	case n.isSymlink():
		return fail(syscall.ELOOP) // O_NOFOLLOW on a link
	case flag&syscall.O_DIRECTORY != 0 && !n.isDir():
		return fail(syscall.ENOTDIR)
	case n.isDir() && writable:
		return fail(syscall.EISDIR)
	}
	if flag&os.O_TRUNC != 0 && writable && len(n.data) > 0 {
		f.resize(n, 0)
		f.touch(n)
	}
	n.opens++
	return &File{fs: f, n: n, name: name, readable: access != os.O_WRONLY, writable: writable,
		append: flag&os.O_APPEND != 0}, nil
}

// Open implements io/fs.FS: name opened for reading.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, pathError("open", name, syscall.EINVAL)
	}
	h, err := f.openFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	return h, nil
}
