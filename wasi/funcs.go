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
	fs = append(fs, s.socketFuncs()...)
	fs = append(fs, HostFunc{Name: "proc_raise", Params: i32s(1), Results: i32s(1), Call: s.procRaise})
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

// stream returns the reader or writer of a stdio descriptor.
func (s *System) stream(fd uint32) (io.Reader, io.Writer, bool) {
	e, ok := s.fds.get(fd)
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

// WASI signal numbers (spec: $signal) whose default action is not to end
// the process: SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored, and the
// job-control stops have no one to resume them here, so they are ignored
// too.
var ignoredSignals = map[uint32]bool{16: true, 17: true, 18: true, 19: true, 20: true, 21: true, 22: true, 27: true}

// procRaise delivers a signal to the program with its default action: a
// program that cannot install handlers either ignores it or ends, with the
// status a shell reports for death by that signal (128 + its Linux
// number, which is the WASI number up to SIGTERM and one more after).
func (s *System) procRaise(_ context.Context, _ []byte, stack []uint64) error {
	sig := uint32(stack[0])
	switch {
	case sig == 0 || ignoredSignals[sig]:
		stack[0] = uint64(ErrnoSuccess)
	case sig > 30:
		stack[0] = uint64(ErrnoInval)
	case sig > 15:
		return &ExitError{Code: 128 + sig + 1}
	default:
		return &ExitError{Code: 128 + sig}
	}
	return nil
}
