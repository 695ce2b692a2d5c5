// Package wasi implements WebAssembly System Interface preview 1
// (wasi_snapshot_preview1) for wasmkernel, engine-neutral: each function is
// a HostFunc working on the caller's linear memory, over small backends
// (stdio streams, clocks, randomness, arguments and environment) that the
// host process and the kernel provide.
//
// All 46 functions are implemented: the process interface (arguments,
// environment, exit, signals), stdio, clocks, randomness, poll_oneoff,
// files and directories in preopened directories (with rights, fd flags
// and path resolution that never leaves the preopen), and stream sockets
// accepted from preopened listeners.
//
// Reference: https://github.com/WebAssembly/WASI/blob/snapshot-01/phases/snapshot/docs.md
package wasi

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"
)

// ModuleName is the import module of WASI preview 1.
const ModuleName = "wasi_snapshot_preview1"

// ValueType is a WebAssembly value type code.
type ValueType byte

// Value types of WASI function signatures.
const (
	I32 ValueType = 0x7F
	I64 ValueType = 0x7E
)

// HostFunc is one function of the WASI module. Arguments are in
// stack[:len(Params)]; results go to stack[:len(Results)]. mem is the
// caller's linear memory. A non-nil error stops the guest: *ExitError for
// proc_exit. Errno results are ordinary results.
type HostFunc struct {
	Name            string
	Params, Results []ValueType
	Call            func(ctx context.Context, mem []byte, stack []uint64) error
}

// ExitError is returned by proc_exit.
type ExitError struct{ Code uint32 }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Clock is the source of time.
type Clock interface {
	// Now is the wall-clock time.
	Now() time.Time
	// Monotonic is nanoseconds since an arbitrary fixed point.
	Monotonic() int64
	// Sleep blocks the calling thread for ns nanoseconds.
	Sleep(ns int64)
}

// Config is what a System is built from.
type Config struct {
	Args   []string // Args[0] is the program name
	Env    []string // KEY=VALUE
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Clock  Clock
	Random io.Reader // random_get's source; nil means crypto/rand
	// Preopens are the directories the program may use, given file
	// descriptors 3, 4, ... in order.
	Preopens []Preopen
	// Listeners are listening sockets the program may accept
	// connections from (sock_accept), given the descriptors after the
	// preopens, in order, in non-blocking mode. The System closes them
	// in Close.
	Listeners []Socket
	// Poller lets poll_oneoff wait for sockets. Without one, sockets are
	// reported ready at once and the call that follows waits (or, on a
	// non-blocking socket, fails with EAGAIN).
	Poller SocketPoller
}

// System is one WASI instance.
type System struct {
	cfg Config
	fds fdTable
}

// New returns a System for cfg; nil streams read as empty or discard, a
// nil Clock is Go's time package.
func New(cfg Config) *System {
	if cfg.Stdin == nil {
		cfg.Stdin = eofReader{}
	}
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	if cfg.Clock == nil {
		cfg.Clock = hostClock{start: time.Now()}
	}
	if cfg.Random == nil {
		cfg.Random = rand.Reader
	}
	s := &System{cfg: cfg}
	s.fds.add(&fdEntry{reader: cfg.Stdin, rights: rightFdRead | rightPollFdReadwrite})
	s.fds.add(&fdEntry{writer: cfg.Stdout, rights: rightFdWrite | rightPollFdReadwrite})
	s.fds.add(&fdEntry{writer: cfg.Stderr, rights: rightFdWrite | rightPollFdReadwrite})
	for i := range cfg.Preopens {
		s.fds.add(&fdEntry{preopen: &cfg.Preopens[i], dir: true, isRoot: true,
			rights: directoryRights, inheriting: allRights})
	}
	for _, l := range cfg.Listeners {
		// Listeners start non-blocking, as in other runtimes: Go's
		// os.NewFile only polls descriptors that already are, and a
		// blocking accept would stop every goroutine.
		var flags uint16
		if l.SetNonblock(true) == nil {
			flags = fdflagNonblock
		}
		s.fds.add(socketEntry(l, true, flags))
	}
	return s
}

// Close closes every descriptor the program has open: files, listeners
// and connections. Stdio streams are the caller's and stay open.
func (s *System) Close() error {
	var first error
	s.fds.open(func(fd uint32, e *fdEntry) {
		if err := e.close(); err != nil && first == nil {
			first = fmt.Errorf("close descriptor %d: %w", fd, err)
		}
		s.fds.remove(fd)
	})
	return first
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
