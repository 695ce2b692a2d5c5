package ramfs

import (
	"io"
	"io/fs"
	"sort"
	"syscall"
	"time"

	"github.com/wasmkernel/wasmkernel/wasi"
)

// File is an open file or directory of an FS (a wasi.File and an
// fs.ReadDirFile).
type File struct {
	fs       *FS
	n        *node
	name     string
	readable bool
	writable bool
	append   bool
	closed   bool
	pos      int64
	dirPos   int // entries ReadDir has returned
}

// check reports why an operation on the file cannot go ahead.
func (h *File) check(op string, write bool) error {
	switch {
	case h.closed:
		return pathError(op, h.name, syscall.EBADF)
	case h.n.isDir() && op != "readdir" && op != "seek":
		return pathError(op, h.name, syscall.EISDIR)
	case write && !h.writable, !write && !h.readable && op != "readdir" && op != "seek":
		return pathError(op, h.name, syscall.EBADF)
	}
	return nil
}

// Read implements io.Reader. Like Write, it unlocks without a defer:
// nothing between Lock and Unlock can panic.
func (h *File) Read(b []byte) (int, error) {
	h.fs.mu.Lock()
	k, err := h.readAt(b, h.pos)
	h.pos += int64(k)
	h.fs.mu.Unlock()
	return k, err
}

// ReadAt implements io.ReaderAt.
func (h *File) ReadAt(b []byte, off int64) (int, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	k, err := h.readAt(b, off)
	if err == nil && k < len(b) {
		err = io.EOF
	}
	return k, err
}

func (h *File) readAt(b []byte, off int64) (int, error) {
	if err := h.check("read", false); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, pathError("read", h.name, syscall.EINVAL)
	}
	if off >= int64(len(h.n.data)) {
		if len(b) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	h.n.atime = h.fs.now()
	return copy(b, h.n.data[off:]), nil
}

// Write implements io.Writer. A write at the end of a file (the common
// case: a log, a file being made) is one append under one lock round
// trip, without a defer: nothing between Lock and Unlock panics (the
// clock WithClock gives must not either).
func (h *File) Write(b []byte) (int, error) {
	f, n := h.fs, h.n
	f.mu.Lock()
	if h.append {
		h.pos = int64(len(n.data))
	}
	if h.pos == int64(len(n.data)) && len(b) > 0 && h.writable && !h.closed && !n.isDir() &&
		(f.limit == 0 || f.used+int64(len(b)) <= f.limit) {
		appendBytes(&n.data, b)
		f.used += int64(len(b))
		t := f.now()
		n.mtime, n.ctime = t, t
		h.pos += int64(len(b))
		f.mu.Unlock()
		return len(b), nil
	}
	k, err := h.writeAt(b, h.pos)
	h.pos += int64(k)
	f.mu.Unlock()
	return k, err
}

// WriteAt implements wasi.File.WriteAt: at off, whatever the append mode.
func (h *File) WriteAt(b []byte, off int64) (int, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	return h.writeAt(b, off)
}

func (h *File) writeAt(b []byte, off int64) (int, error) {
	if err := h.check("write", true); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, pathError("write", h.name, syscall.EINVAL)
	}
	if len(b) == 0 {
		return 0, nil
	}
	switch end := off + int64(len(b)); {
	case off == int64(len(h.n.data)):
		// Appending: one copy, no zeroing first.
		if errno := h.fs.appendData(h.n, b); errno != 0 {
			return 0, pathError("write", h.name, errno)
		}
		h.fs.touch(h.n)
		return len(b), nil
	case end > int64(len(h.n.data)):
		if errno := h.fs.resize(h.n, end); errno != 0 {
			return 0, pathError("write", h.name, errno)
		}
	}
	copy(h.n.data[off:], b)
	h.fs.touch(h.n)
	return len(b), nil
}

// Seek implements io.Seeker.
func (h *File) Seek(offset int64, whence int) (int64, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if err := h.check("seek", false); err != nil {
		return 0, err
	}
	pos := offset
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		pos += h.pos
	case io.SeekEnd:
		pos += int64(len(h.n.data))
	default:
		return 0, pathError("seek", h.name, syscall.EINVAL)
	}
	if pos < 0 {
		return 0, pathError("seek", h.name, syscall.EINVAL)
	}
	h.pos = pos
	return pos, nil
}

// Close implements io.Closer.
func (h *File) Close() error {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if h.closed {
		return pathError("close", h.name, syscall.EBADF)
	}
	h.closed = true
	h.n.opens--
	h.fs.release(h.n)
	return nil
}

// Stat implements wasi.File.Stat.
func (h *File) Stat() (fs.FileInfo, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if h.closed {
		return nil, pathError("stat", h.name, syscall.EBADF)
	}
	return h.fs.info(h.n, h.name), nil
}

// StatValue implements wasi.FilestatFile: Stat without allocating.
func (h *File) StatValue() (wasi.Filestat, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if h.closed {
		return wasi.Filestat{}, pathError("stat", h.name, syscall.EBADF)
	}
	return h.fs.filestat(h.n), nil
}

// Truncate implements wasi.File.Truncate.
func (h *File) Truncate(size int64) error {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if err := h.check("truncate", true); err != nil {
		return err
	}
	if size < 0 {
		return pathError("truncate", h.name, syscall.EINVAL)
	}
	if errno := h.fs.resize(h.n, size); errno != 0 {
		return pathError("truncate", h.name, errno)
	}
	h.fs.touch(h.n)
	return nil
}

// Sync implements wasi.File.Sync: the data is where it stays.
func (h *File) Sync() error {
	if h.closed {
		return pathError("sync", h.name, syscall.EBADF)
	}
	return nil
}

// SetAppend implements wasi.File.SetAppend.
func (h *File) SetAppend(on bool) error {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	h.append = on
	return nil
}

// SetTimes implements wasi.File.SetTimes.
func (h *File) SetTimes(atime, mtime time.Time) error {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if h.closed {
		return pathError("utimes", h.name, syscall.EBADF)
	}
	h.fs.setTimes(h.n, atime, mtime)
	return nil
}

// ReadDir implements fs.ReadDirFile: the entries in name order, n at a
// time (all that are left when n <= 0).
func (h *File) ReadDir(n int) ([]fs.DirEntry, error) {
	h.fs.mu.Lock()
	defer h.fs.mu.Unlock()
	if err := h.check("readdir", false); err != nil {
		return nil, err
	}
	if !h.n.isDir() {
		return nil, pathError("readdir", h.name, syscall.ENOTDIR)
	}
	names := make([]string, 0, len(h.n.children))
	for name := range h.n.children {
		names = append(names, name)
	}
	sort.Strings(names)
	rest := names[min(h.dirPos, len(names)):]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && len(rest) > n {
		rest = rest[:n]
	}
	h.dirPos += len(rest)
	entries := make([]fs.DirEntry, len(rest))
	for i, name := range rest {
		entries[i] = dirEntry{h.fs.info(h.n.children[name], name)}
	}
	return entries, nil
}
