package wasi

import (
	"io"
	"io/fs"
	"os"
)

// FS is a directory tree that a preopen exposes. Names are cleaned paths
// relative to the tree's root ("." is the root) that path resolution has
// already checked; an implementation must still refuse anything that would
// leave the tree (*os.Root, the host backend, does).
type FS interface {
	OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error)
	Mkdir(name string, perm fs.FileMode) error
	Remove(name string) error
	Rename(oldname, newname string) error
	Lstat(name string) (fs.FileInfo, error)
	Readlink(name string) (string, error)
	Symlink(target, name string) error
	Link(oldname, newname string) error
}

// Preopen is a directory given to the program under a guest path.
type Preopen struct {
	GuestPath string
	FS        FS
}

// HostDir opens a host directory as a preopen backend (*os.Root: no path
// can leave it, whatever the symbolic links).
func HostDir(dir string) (FS, error) { return os.OpenRoot(dir) }

// fdEntry is an open file descriptor: a stdio stream, a preopen, or a
// file or directory opened in a preopen.
type fdEntry struct {
	reader     io.Reader // stdin
	writer     io.Writer // stdout, stderr
	preopen    *Preopen
	path       []string // components relative to the preopen's root
	file       *os.File // nil for a preopen that was never opened as a file
	dir        bool
	isRoot     bool // the preopen itself (fd_prestat_get answers for it)
	append     bool
	fdflags    uint16 // $fdflags given at open
	rights     uint64 // $rights of the descriptor
	inheriting uint64 // $rights that descriptors opened from it may have
}

// isStream reports whether e is a stdio stream.
func (e *fdEntry) isStream() bool { return e.reader != nil || e.writer != nil }

// name is the entry's path as the backend takes it.
func (e *fdEntry) name() string { return joinName(e.path) }

func joinName(cs []string) string {
	if len(cs) == 0 {
		return "."
	}
	s := cs[0]
	for _, c := range cs[1:] {
		s += "/" + c
	}
	return s
}

// fsLinks adapts an FS to path resolution.
type fsLinks struct{ fs FS }

// Readlink implements linkReader.
func (l fsLinks) Readlink(path []string) (string, bool, Errno) {
	fi, err := l.fs.Lstat(joinName(path))
	if err != nil {
		if os.IsNotExist(err) {
			return "", false, ErrnoSuccess // resolution continues; the open reports it
		}
		return "", false, errnoOf(err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", false, ErrnoSuccess
	}
	t, err := l.fs.Readlink(joinName(path))
	if err != nil {
		return "", false, errnoOf(err)
	}
	return t, true, ErrnoSuccess
}
