// Package ramfs is a file system held in memory. It backs the preopened
// directories of apps in the wasmkernel kernel (filled from the initrd at
// boot, read-write while the app runs, copied back to the host when it
// ends), and, being ordinary Go, runs in any process as a wasi.FS.
//
// It keeps the POSIX behaviour that WASI programs can observe: hard and
// symbolic links, rename over files and empty directories, removal of
// open files (their data lives until the last close), files growing with
// zeros when written past their end, and ENOSPC when a size limit is set
// and reached. Errors are *fs.PathError values carrying syscall.Errno
// codes, as the host's file system gives.
package ramfs

import (
	"io/fs"
	"sync"
	"syscall"
	"time"
)

// device is the device number ramfs reports for all its files.
const device = 0x7a6d

// FS is a RAM file system. Its methods may be called from several
// goroutines.
type FS struct {
	mu      sync.Mutex
	root    *node
	now     func() int64 // nanoseconds since 1970
	nextIno uint64
	used    int64 // bytes of file data, including removed files still open
	limit   int64 // 0: no limit
}

// Option configures an FS.
type Option func(*FS)

// WithLimit caps the bytes of file data the FS holds; writes beyond it
// fail with ENOSPC.
func WithLimit(bytes int64) Option { return func(f *FS) { f.limit = bytes } }

// WithClock sets the source of file timestamps, in nanoseconds since
// 1970 (default: time.Now's). Every write reads it, so it should be
// cheap: the kernel passes its counter-based wall clock.
func WithClock(now func() int64) Option { return func(f *FS) { f.now = now } }

// unixNanoNow is the default clock.
func unixNanoNow() int64 { return time.Now().UnixNano() }

// New returns an empty file system: a root directory.
func New(opts ...Option) *FS {
	f := &FS{now: unixNanoNow}
	for _, o := range opts {
		o(f)
	}
	f.root = f.newNode(fs.ModeDir | 0o755)
	f.root.parent = f.root
	return f
}

// Used returns the bytes of file data held.
func (f *FS) Used() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.used
}

// node is a file, directory or symbolic link.
type node struct {
	ino      uint64
	mode     fs.FileMode
	data     []byte           // regular file
	target   string           // symbolic link
	children map[string]*node // directory
	parent   *node            // directory: the one holding it
	nlink    int
	opens    int // open files on it
	// The times are nanoseconds since 1970: no pointers, so stamping a
	// file on every write costs the garbage collector nothing.
	atime, mtime, ctime int64
}

func (f *FS) newNode(mode fs.FileMode) *node {
	f.nextIno++
	t := f.now()
	n := &node{ino: f.nextIno, mode: mode, nlink: 1, atime: t, mtime: t, ctime: t}
	if mode.IsDir() {
		n.children = map[string]*node{}
		n.nlink = 2
	}
	return n
}

func (n *node) isDir() bool     { return n.mode.IsDir() }
func (n *node) isSymlink() bool { return n.mode&fs.ModeSymlink != 0 }

// pathError wraps errno for operation op on name.
func pathError(op, name string, errno syscall.Errno) error {
	return &fs.PathError{Op: op, Path: name, Err: errno}
}

// appendData appends b to n's data, within the size limit.
func (f *FS) appendData(n *node, b []byte) syscall.Errno {
	if f.limit > 0 && f.used+int64(len(b)) > f.limit {
		return syscall.ENOSPC
	}
	appendBytes(&n.data, b)
	f.used += int64(len(b))
	return 0
}

// appendBytes appends b to *data. Within the capacity it only lengthens
// the slice: a reslice of itself stores no pointer, so it needs no write
// barrier while the garbage collector marks (append's result would).
// Beyond it the capacity doubles: append grows large slices by a quarter,
// so a file written in small pieces would be copied about four times its
// size over; doubling copies it at most once over, for at most twice its
// size in memory.
func appendBytes(data *[]byte, b []byte) {
	l := len(*data)
	if cap(*data)-l < len(b) {
		grown := make([]byte, l+len(b), max(2*cap(*data), l+len(b)))
		copy(grown, *data)
		copy(grown[l:], b)
		*data = grown
		return
	}
	*data = (*data)[:l+len(b)]
	copy((*data)[l:], b)
}

// resize sets the length of n's data, zero-filling growth, within the
// limit.
func (f *FS) resize(n *node, size int64) syscall.Errno {
	old := int64(len(n.data))
	if size > old && f.limit > 0 && f.used+size-old > f.limit {
		return syscall.ENOSPC
	}
	if size <= int64(cap(n.data)) {
		n.data = n.data[:size]
		if size > old {
			clear(n.data[old:])
		}
	} else {
		grown := make([]byte, size, max(size, 2*int64(cap(n.data))))
		copy(grown, n.data)
		n.data = grown
	}
	f.used += size - old
	return 0
}

// release drops a node's data once it has no name and no open file.
func (f *FS) release(n *node) {
	if n.nlink <= 0 && n.opens == 0 && !n.isDir() {
		f.used -= int64(len(n.data))
		n.data = nil
	}
}

// touch marks n modified now.
func (f *FS) touch(n *node) {
	t := f.now()
	n.mtime, n.ctime = t, t
}
