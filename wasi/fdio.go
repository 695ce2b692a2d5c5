package wasi

import (
	"context"
	"encoding/binary"
	"io"
)

// fd_read, fd_write, fd_pread and fd_pwrite: the calls that programs make
// most, so the path from the host call to the backend is short. The
// descriptor is an index into the table, its rights one mask test, the
// iovec array is read in place and each buffer goes to the backend as it
// is read (no slice of buffers, no closure), and nothing on the way
// allocates.

// Argument and result layouts of the four functions.
var (
	fdIOParams   = []ValueType{I32, I32, I32, I32}
	fdPIOParams  = []ValueType{I32, I32, I32, I64, I32}
	errnoResults = []ValueType{I32}
)

// ioFuncs returns the four functions as HostFuncs that go from the
// argument words straight to fdReadWrite or fdIO.
func (s *System) ioFuncs() []HostFunc {
	// Closures over s rather than method values: a call through one
	// goes straight to the code, not through a wrapper.
	return []HostFunc{
		{Name: "fd_read", Params: fdIOParams, Results: errnoResults, // (fd, iovs, iovs_len, nread)
			Call: func(_ context.Context, m []byte, a []uint64) error {
				a[0] = uint64(s.fdReadWrite(m, a, false))
				return nil
			}},
		{Name: "fd_write", Params: fdIOParams, Results: errnoResults, // (fd, iovs, iovs_len, nwritten)
			Call: func(_ context.Context, m []byte, a []uint64) error {
				a[0] = uint64(s.fdReadWrite(m, a, true))
				return nil
			}},
		{Name: "fd_pread", Params: fdPIOParams, Results: errnoResults, // (fd, iovs, iovs_len, offset, nread)
			Call: func(_ context.Context, m []byte, a []uint64) error {
				a[0] = uint64(s.fdIO(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[4]), false, int64(a[3])))
				return nil
			}},
		{Name: "fd_pwrite", Params: fdPIOParams, Results: errnoResults, // (fd, iovs, iovs_len, offset, nwritten)
			Call: func(_ context.Context, m []byte, a []uint64) error {
				a[0] = uint64(s.fdIO(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[4]), true, int64(a[3])))
				return nil
			}},
	}
}

// fdReadWrite is fd_read or fd_write: a holds fd, iovs, iovs_len and the
// result pointer. The common case, C's read or write of one buffer on a
// file, takes a short path; the rest (streams, several buffers, every
// error) is fdIO's, which checks everything again from the start.
func (s *System) fdReadWrite(m mem, a []uint64, write bool) Errno {
	_ = a[3]
	fd, iovs, iovsLen, result := uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[3])
	want := uint64(rightFdRead)
	if write {
		want = rightFdWrite
	}
	e, ok := s.fds.get(fd)
	if !ok || e.file == nil || e.dir || iovsLen != 1 || e.rights&want != want || !m.ok(iovs, 8) {
		return s.fdIO(m, fd, iovs, iovsLen, result, write, -1)
	}
	base, size := binary.LittleEndian.Uint32(m[iovs:]), binary.LittleEndian.Uint32(m[iovs+4:])
	if !m.ok(base, size) || !m.ok(result, 4) {
		return s.fdIO(m, fd, iovs, iovsLen, result, write, -1)
	}
	var k int
	var err error
	if write {
		k, err = e.file.Write(m[base : base+size])
	} else {
		k, err = e.file.Read(m[base : base+size])
	}
	binary.LittleEndian.PutUint32(m[result:], uint32(k))
	if err != nil && err != io.EOF && k == 0 {
		return e.errnoOf(err)
	}
	return ErrnoSuccess
}

// fdIO moves data between the iovecs at iovs and descriptor fd, at the
// file position (offset < 0) or at offset, and stores the byte count at
// result.
func (s *System) fdIO(m mem, fd, iovs, iovsLen, result uint32, write bool, offset int64) Errno {
	e, ok := s.fds.get(fd)
	if !ok {
		return ErrnoBadf
	}
	switch {
	case e.isStream():
		if offset >= 0 {
			return ErrnoSpipe
		}
		if write && e.writer == nil || !write && e.reader == nil {
			return ErrnoBadf
		}
	case e.dir:
		return ErrnoIsdir
	default:
		want := uint64(rightFdRead)
		if write {
			want = rightFdWrite
		}
		if offset >= 0 {
			want |= rightFdSeek
		}
		if e.rights&want != want {
			return ErrnoNotcapable
		}
	}
	if iovsLen == 1 {
		// One buffer, the common case (C's write and read): no loop.
		if !m.ok(iovs, 8) {
			return ErrnoFault
		}
		base, size := binary.LittleEndian.Uint32(m[iovs:]), binary.LittleEndian.Uint32(m[iovs+4:])
		if !m.ok(base, size) {
			return ErrnoFault
		}
		k, err := e.transfer(m[base:base+size], write, offset)
		errno := ErrnoSuccess
		if err != nil && err != io.EOF && k == 0 {
			errno = e.errnoOf(err)
		}
		if !m.putU32(result, uint32(k)) {
			return ErrnoFault
		}
		return errno
	}
	if !iovecsValid(m, iovs, iovsLen) {
		return ErrnoFault
	}
	var total uint32
	errno := ErrnoSuccess
	for i := range iovsLen {
		// iovecsValid checked the array and each buffer.
		p := iovs + 8*i
		base, size := binary.LittleEndian.Uint32(m[p:]), binary.LittleEndian.Uint32(m[p+4:])
		b := m[base : base+size]
		k, err := e.transfer(b, write, offset)
		total += uint32(k)
		if offset >= 0 {
			offset += int64(k)
		}
		if err != nil {
			if err != io.EOF && total == 0 { // else the error comes again on the next call
				errno = e.errnoOf(err)
			}
			break
		}
		if k < len(b) {
			break
		}
	}
	if !m.putU32(result, total) {
		return ErrnoFault
	}
	return errno
}

// errnoOf maps the error of a transfer on the entry.
func (e *fdEntry) errnoOf(err error) Errno {
	errno := errnoOf(err)
	if errno == ErrnoIO && !e.isStream() {
		errno = ErrnoBadf // the common cause: a file opened without the right
	}
	return errno
}

// iovecsValid reports whether the n iovecs at iovs, and the buffers they
// describe, lie in memory.
func iovecsValid(m mem, iovs, n uint32) bool {
	if n > 1<<28 || !m.ok(iovs, 8*n) {
		return false
	}
	for i := range n {
		p := iovs + 8*i
		if !m.ok(binary.LittleEndian.Uint32(m[p:]), binary.LittleEndian.Uint32(m[p+4:])) {
			return false
		}
	}
	return true
}

// transfer moves b to or from the entry's stream or file, at the position
// (offset < 0) or at offset.
func (e *fdEntry) transfer(b []byte, write bool, offset int64) (int, error) {
	switch {
	case e.file == nil && write:
		return e.writer.Write(b)
	case e.file == nil:
		return e.reader.Read(b)
	case offset < 0 && write:
		return e.file.Write(b)
	case offset < 0:
		return e.file.Read(b)
	case write:
		return e.file.WriteAt(b, offset)
	}
	return e.file.ReadAt(b, offset)
}
