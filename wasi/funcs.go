package wasi

import (
	"context"
	"encoding/binary"
	"io"
)

// mem is a bounds-checked view of linear memory.
type mem []byte

func (m mem) ok(off, n uint32) bool { return uint64(off)+uint64(n) <= uint64(len(m)) }

func (m mem) putU32(off, v uint32) bool {
	if !m.ok(off, 4) {
		return false
	}
	binary.LittleEndian.PutUint32(m[off:], v)
	return true
}

func (m mem) putU64(off uint32, v uint64) bool {
	if !m.ok(off, 8) {
		return false
	}
	binary.LittleEndian.PutUint64(m[off:], v)
	return true
}

func (m mem) u32(off uint32) (uint32, bool) {
	if !m.ok(off, 4) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(m[off:]), true
}

// errnoFunc adapts a function returning an Errno.
func errnoFunc(name string, params []ValueType, f func(m mem, a []uint64) Errno) HostFunc {
	return HostFunc{Name: name, Params: params, Results: []ValueType{I32},
		Call: func(_ context.Context, m []byte, stack []uint64) error {
			stack[0] = uint64(f(m, stack[:len(params)]))
			return nil
		}}
}

func i32s(n int) []ValueType {
	t := make([]ValueType, n)
	for i := range t {
		t[i] = I32
	}
	return t
}

// HostFuncs returns every function of wasi_snapshot_preview1.
func (s *System) HostFuncs() []HostFunc {
	fs := []HostFunc{
		errnoFunc("args_get", i32s(2), func(m mem, a []uint64) Errno { return putStrings(m, s.cfg.Args, uint32(a[0]), uint32(a[1])) }),
		errnoFunc("args_sizes_get", i32s(2), func(m mem, a []uint64) Errno { return putSizes(m, s.cfg.Args, uint32(a[0]), uint32(a[1])) }),
		errnoFunc("environ_get", i32s(2), func(m mem, a []uint64) Errno { return putStrings(m, s.cfg.Env, uint32(a[0]), uint32(a[1])) }),
		errnoFunc("environ_sizes_get", i32s(2), func(m mem, a []uint64) Errno { return putSizes(m, s.cfg.Env, uint32(a[0]), uint32(a[1])) }),
		errnoFunc("clock_res_get", i32s(2), s.clockResGet),
		errnoFunc("clock_time_get", []ValueType{I32, I64, I32}, s.clockTimeGet),
		errnoFunc("random_get", i32s(2), s.randomGet),
		errnoFunc("sched_yield", nil, func(mem, []uint64) Errno { return ErrnoSuccess }),
		errnoFunc("poll_oneoff", i32s(4), s.pollOneoff),
		{Name: "proc_exit", Params: i32s(1), Call: func(_ context.Context, _ []byte, stack []uint64) error {
			return &ExitError{Code: uint32(stack[0])}
		}},
	}
	fs = append(fs, s.fileFuncs()...)
	implemented := map[string]bool{}
	for _, f := range fs {
		implemented[f.Name] = true
	}
	// The file-system, socket and polling functions: not implemented yet.
	for _, n := range []struct {
		name   string
		params []ValueType
	}{

		{"fd_datasync", i32s(1)}, {"fd_fdstat_set_flags", i32s(2)},
		{"fd_fdstat_set_rights", []ValueType{I32, I64, I64}}, {"fd_filestat_get", i32s(2)},
		{"fd_filestat_set_size", []ValueType{I32, I64}}, {"fd_filestat_set_times", []ValueType{I32, I64, I64, I32}},
		{"fd_pread", []ValueType{I32, I32, I32, I64, I32}}, {"fd_pwrite", []ValueType{I32, I32, I32, I64, I32}},
		{"fd_readdir", []ValueType{I32, I32, I32, I64, I32}}, {"fd_renumber", i32s(2)},
		{"fd_sync", i32s(1)}, {"fd_tell", i32s(2)}, {"path_create_directory", i32s(3)},
		{"path_filestat_get", i32s(5)}, {"path_filestat_set_times", []ValueType{I32, I32, I32, I32, I64, I64, I32}},
		{"path_open", []ValueType{I32, I32, I32, I32, I32, I64, I64, I32, I32}},
		{"path_readlink", i32s(6)}, {"path_remove_directory", i32s(3)}, {"path_rename", i32s(6)},
		{"path_symlink", i32s(5)}, {"path_unlink_file", i32s(3)},
		{"proc_raise", i32s(1)}, {"sock_accept", i32s(3)}, {"sock_recv", i32s(6)},
		{"sock_send", i32s(5)}, {"sock_shutdown", i32s(2)},
	} {
		if !implemented[n.name] {
			fs = append(fs, errnoFunc(n.name, n.params, func(mem, []uint64) Errno { return ErrnoNosys }))
		}
	}
	return fs
}

// putStrings writes NUL-terminated strings at buf and their addresses at
// ptrs (args_get, environ_get).
func putStrings(m mem, list []string, ptrs, buf uint32) Errno {
	for i, s := range list {
		if !m.putU32(ptrs+4*uint32(i), buf) || !m.ok(buf, uint32(len(s))+1) {
			return ErrnoFault
		}
		copy(m[buf:], s)
		m[buf+uint32(len(s))] = 0
		buf += uint32(len(s)) + 1
	}
	return ErrnoSuccess
}

// putSizes writes the count and the total size with terminators.
func putSizes(m mem, list []string, countPtr, sizePtr uint32) Errno {
	size := 0
	for _, s := range list {
		size += len(s) + 1
	}
	if !m.putU32(countPtr, uint32(len(list))) || !m.putU32(sizePtr, uint32(size)) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

// Clock IDs.
const (
	clockRealtime  = 0
	clockMonotonic = 1
	clockProcess   = 2
	clockThread    = 3
)

func (s *System) clockResGet(m mem, a []uint64) Errno {
	if uint32(a[0]) > clockThread {
		return ErrnoInval
	}
	if !m.putU64(uint32(a[1]), 1) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

func (s *System) clockTimeGet(m mem, a []uint64) Errno {
	var t int64
	switch uint32(a[0]) {
	case clockRealtime:
		t = s.cfg.Clock.Now().UnixNano()
	case clockMonotonic, clockProcess, clockThread:
		t = s.cfg.Clock.Monotonic()
	default:
		return ErrnoInval
	}
	if !m.putU64(uint32(a[2]), uint64(t)) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

// iovecs calls f for each (buf, len) of an iovec array.
func iovecs(m mem, iovs, n uint32, f func(b []byte) (int, error)) (uint32, Errno) {
	var total uint32
	for i := uint32(0); i < n; i++ {
		base, ok1 := m.u32(iovs + 8*i)
		size, ok2 := m.u32(iovs + 8*i + 4)
		if !ok1 || !ok2 || !m.ok(base, size) {
			return total, ErrnoFault
		}
		k, err := f(m[base : base+size])
		total += uint32(k)
		if err != nil {
			if err == io.EOF {
				return total, ErrnoSuccess
			}
			return total, ErrnoIO
		}
		if uint32(k) < size {
			break
		}
	}
	return total, ErrnoSuccess
}

// stream returns the reader or writer of a stdio descriptor.
func (s *System) stream(fd uint32) (io.Reader, io.Writer, bool) {
	e, ok := s.fds[fd]
	if !ok || !e.isStream() {
		return nil, nil, false
	}
	return e.reader, e.writer, true
}

func (s *System) randomGet(m mem, a []uint64) Errno {
	buf, n := uint32(a[0]), uint32(a[1])
	if !m.ok(buf, n) {
		return ErrnoFault
	}
	if _, err := io.ReadFull(s.cfg.Random, m[buf:buf+n]); err != nil {
		return ErrnoIO
	}
	return ErrnoSuccess
}
