package wasi

import (
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"
)

// FS is a directory tree that a preopen exposes: the host's (HostDir) or
// the kernel's RAM file system (package ramfs). Names are cleaned paths
// relative to the tree's root ("." is the root) that path resolution has
// already checked; an implementation must still refuse anything that would
// leave the tree. Errors carry syscall.Errno values (usually inside an
// *fs.PathError), which become WASI errnos.
type FS interface {
	// OpenFile opens name with os.OpenFile's flags (O_RDONLY, O_WRONLY,
	// O_RDWR, O_CREATE, O_EXCL, O_TRUNC, O_APPEND) and syscall.O_NOFOLLOW
	// and syscall.O_DIRECTORY.
	OpenFile(name string, flag int, perm fs.FileMode) (File, error)
	Mkdir(name string, perm fs.FileMode) error
	// Remove removes a file, a symbolic link or an empty directory.
	Remove(name string) error
	// Rename moves oldname to newname, replacing a file there.
	Rename(oldname, newname string) error
	Lstat(name string) (fs.FileInfo, error)
	Readlink(name string) (string, error)
	Symlink(target, name string) error
	Link(oldname, newname string) error
	// SetTimes sets the access and modification times of name, following
	// a final symbolic link only when follow is set; a zero time is left
	// as it is.
	SetTimes(name string, atime, mtime time.Time, follow bool) error
}

// File is an open file or directory of an FS.
type File interface {
	io.Reader
	io.Writer
	io.Seeker
	io.ReaderAt
	io.Closer
	// WriteAt writes at off, also in a file opened for appending.
	WriteAt(b []byte, off int64) (int, error)
	Stat() (fs.FileInfo, error)
	Truncate(size int64) error
	Sync() error
	// ReadDir lists a directory as os.File.ReadDir does.
	ReadDir(n int) ([]fs.DirEntry, error)
	// SetAppend turns appending to the end on every write on or off.
	SetAppend(on bool) error
	// SetTimes sets access and modification times; a zero time is left
	// as it is.
	SetTimes(atime, mtime time.Time) error
}

// Attr is what a backend's fs.FileInfo.Sys returns for the parts of a
// WASI $filestat that fs.FileInfo lacks (the host backend returns
// *syscall.Stat_t instead).
type Attr struct {
	Dev, Ino, Nlink uint64
	Atime, Ctime    time.Time
}

// attrOf returns the device, inode, link count, access and change times of
// fi, as far as its backend tells them.
func attrOf(fi fs.FileInfo) Attr {
	switch sys := fi.Sys().(type) {
	case *Attr:
		return *sys
	case *syscall.Stat_t:
		return Attr{Dev: sys.Dev, Ino: sys.Ino, Nlink: uint64(sys.Nlink),
			Atime: time.Unix(sys.Atim.Unix()), Ctime: time.Unix(sys.Ctim.Unix())}
	}
	return Attr{Nlink: 1, Atime: fi.ModTime(), Ctime: fi.ModTime()}
}

// Preopen is a directory given to the program under a guest path.
type Preopen struct {
	GuestPath string
	FS        FS
}

// fdEntry is an open file descriptor: a stdio stream, a preopen, or a
// file or directory opened in a preopen.
type fdEntry struct {
	reader     io.Reader // stdin, a connected socket
	writer     io.Writer // stdout, stderr, a connected socket
	sock       Socket    // a socket
	preopen    *Preopen
	path       []string // components relative to the preopen's root
	file       File     // nil for a preopen that was never opened as a file
	dir        bool
	isRoot     bool // the preopen itself (fd_prestat_get answers for it)
	append     bool
	fdflags    uint16 // $fdflags given at open
	rights     uint64 // $rights of the descriptor
	inheriting uint64 // $rights that descriptors opened from it may have
}

// isStream reports whether e is a stdio stream or a socket.
func (e *fdEntry) isStream() bool { return e.reader != nil || e.writer != nil || e.sock != nil }

// close closes what the entry holds: an open file or a socket.
func (e *fdEntry) close() error {
	switch {
	case e.file != nil:
		return e.file.Close()
	case e.sock != nil:
		return e.sock.Close()
	}
	return nil
}

// name is the entry's path as the backend takes it.
func (e *fdEntry) name() string { return joinName(e.path) }

func joinName(cs []string) string {
	if len(cs) == 0 {
		return "."
	}
	return strings.Join(cs, "/")
}

// preopenLinks adapts a preopen's FS to path resolution. It is a pointer
// to the Preopen, so that making it a linkReader allocates nothing.
type preopenLinks Preopen

// linkTargeter is an optional interface of an FS that answers the
// resolver's question about one path directly: whether it is a symbolic
// link (a missing path is not) and its target. ramfs has it.
type linkTargeter interface {
	LinkTarget(name string) (target string, isLink bool, err error)
}

// Readlink implements linkReader.
func (p *preopenLinks) Readlink(path []string) (string, bool, Errno) {
	fsys := p.FS
	if lt, ok := fsys.(linkTargeter); ok {
		t, isLink, err := lt.LinkTarget(joinName(path))
		if err != nil {
			return "", false, errnoOf(err)
		}
		return t, isLink, ErrnoSuccess
	}
	fi, err := fsys.Lstat(joinName(path))
	if err != nil {
		if os.IsNotExist(err) {
			return "", false, ErrnoSuccess // resolution continues; the open reports it
		}
		return "", false, errnoOf(err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", false, ErrnoSuccess
	}
	t, err := fsys.Readlink(joinName(path))
	if err != nil {
		return "", false, errnoOf(err)
	}
	return t, true, ErrnoSuccess
}
