package wasi

import (
	"encoding/binary"
	"time"
)

// Socket is a stream socket a backend provides: a listener, whose Accept
// returns connected sockets, or a connected socket. Blocking calls wait
// unless SetNonblock(true) was called; then they fail with an error that
// maps to EAGAIN (syscall.EAGAIN) instead.
type Socket interface {
	// Accept takes a pending connection of a listener.
	Accept() (Socket, error)
	// Recv reads into p; 0 bytes and no error mean the peer shut down
	// its side. peek leaves the data queued; waitAll waits for len(p)
	// bytes.
	Recv(p []byte, peek, waitAll bool) (int, error)
	// Send writes p, returning how much was taken.
	Send(p []byte) (int, error)
	// Shutdown shuts down the receiving and/or sending side.
	Shutdown(read, write bool) error
	SetNonblock(nonblock bool) error
	Close() error
}

// SocketPoller waits until sockets are ready, for poll_oneoff.
type SocketPoller interface {
	// Poll waits until at least one of items is ready (readable, or
	// writable when Write is set; a listener is readable when a
	// connection is pending) or timeout passes (negative: no limit),
	// and sets Ready on those that are.
	Poll(items []SocketPoll, timeout time.Duration) error
}

// SocketPoll is one socket poll_oneoff waits for.
type SocketPoll struct {
	Socket Socket
	Write  bool
	Ready  bool
}

// More errno values (spec: $errno) for sockets.
const (
	ErrnoAgain       Errno = 6
	ErrnoConnaborted Errno = 13
	ErrnoConnrefused Errno = 14
	ErrnoConnreset   Errno = 15
	ErrnoIntr        Errno = 27
	ErrnoNotconn     Errno = 53
	ErrnoNotsock     Errno = 57
	ErrnoPipe        Errno = 64
	ErrnoTimedout    Errno = 73
)

// Socket rights and flags (spec: $rights, $fdflags, $riflags, $sdflags).
const (
	rightFdFdstatSetFlags = 1 << 3
	rightFdFilestatGet    = 1 << 21
	rightSockShutdown     = 1 << 28
	rightSockAccept       = 1 << 29

	listenerRights   = rightSockAccept | rightPollFdReadwrite | rightFdFdstatSetFlags | rightFdFilestatGet
	connectionRights = rightFdRead | rightFdWrite | rightPollFdReadwrite | rightSockShutdown |
		rightFdFdstatSetFlags | rightFdFilestatGet

	fdflagNonblock = 1 << 2

	riflagRecvPeek    = 1
	riflagRecvWaitall = 2

	sdflagRd = 1
	sdflagWr = 2

	filetypeSocketStream = 6
)

// socketStream adapts a connected Socket to fd_read and fd_write.
type socketStream struct{ Socket }

func (s socketStream) Read(p []byte) (int, error)  { return s.Recv(p, false, false) }
func (s socketStream) Write(p []byte) (int, error) { return s.Send(p) }

// socketEntry makes the descriptor entry of a socket.
func socketEntry(sock Socket, listener bool, fdflags uint16) *fdEntry {
	if listener {
		return &fdEntry{sock: sock, rights: listenerRights, fdflags: fdflags}
	}
	return &fdEntry{sock: sock, reader: socketStream{sock}, writer: socketStream{sock},
		rights: connectionRights, fdflags: fdflags}
}

// socket returns fd's entry if it is a socket with the right want.
func (s *System) socket(fd uint32, want uint64) (*fdEntry, Errno) {
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return nil, errno
	}
	if e.sock == nil {
		return nil, ErrnoNotsock
	}
	if e.rights&want != want {
		return nil, ErrnoNotcapable
	}
	return e, ErrnoSuccess
}

func (s *System) socketFuncs() []HostFunc {
	return []HostFunc{
		errnoFunc("sock_accept", i32s(3), s.sockAccept),
		errnoFunc("sock_recv", i32s(6), s.sockRecv),
		errnoFunc("sock_send", i32s(5), s.sockSend),
		errnoFunc("sock_shutdown", i32s(2), s.sockShutdown),
	}
}

// sockAccept: fd, fdflags, result fd pointer.
func (s *System) sockAccept(m mem, a []uint64) Errno {
	e, errno := s.socket(uint32(a[0]), rightSockAccept)
	if errno != ErrnoSuccess {
		return errno
	}
	flags := uint16(a[1])
	if flags&^fdflagNonblock != 0 {
		return ErrnoInval
	}
	if !m.ok(uint32(a[2]), 4) {
		return ErrnoFault
	}
	conn, err := e.sock.Accept()
	if err != nil {
		return errnoOf(err)
	}
	if flags&fdflagNonblock != 0 {
		if err := conn.SetNonblock(true); err != nil {
			conn.Close()
			return errnoOf(err)
		}
	}
	fd := s.fds.add(socketEntry(conn, false, flags))
	m.putU32(uint32(a[2]), fd)
	return ErrnoSuccess
}

// sockRecv: fd, iovecs, iovecs length, riflags, result length pointer,
// result flags pointer. The data is received in one call and scattered,
// so that a peek sees the same bytes whatever the vectors.
func (s *System) sockRecv(m mem, a []uint64) Errno {
	e, errno := s.socket(uint32(a[0]), rightFdRead)
	if errno != ErrnoSuccess {
		return errno
	}
	flags := uint16(a[3])
	if flags&^(riflagRecvPeek|riflagRecvWaitall) != 0 {
		return ErrnoInval
	}
	if !m.ok(uint32(a[4]), 4) || !m.ok(uint32(a[5]), 2) {
		return ErrnoFault
	}
	bufs, errno := vectors(m, uint32(a[1]), uint32(a[2]))
	if errno != ErrnoSuccess {
		return errno
	}
	buf := make([]byte, totalLen(bufs))
	n, err := e.sock.Recv(buf, flags&riflagRecvPeek != 0, flags&riflagRecvWaitall != 0)
	if err != nil && n == 0 {
		return errnoOf(err)
	}
	rest := buf[:n]
	for _, b := range bufs {
		rest = rest[copy(b, rest):]
	}
	m.putU32(uint32(a[4]), uint32(n))
	binary.LittleEndian.PutUint16(m[uint32(a[5]):], 0)
	return ErrnoSuccess
}

// sockSend: fd, ciovecs, ciovecs length, siflags (none are defined),
// result length pointer. The vectors are gathered and sent in one call.
func (s *System) sockSend(m mem, a []uint64) Errno {
	e, errno := s.socket(uint32(a[0]), rightFdWrite)
	if errno != ErrnoSuccess {
		return errno
	}
	if !m.ok(uint32(a[4]), 4) {
		return ErrnoFault
	}
	bufs, errno := vectors(m, uint32(a[1]), uint32(a[2]))
	if errno != ErrnoSuccess {
		return errno
	}
	buf := make([]byte, 0, totalLen(bufs))
	for _, b := range bufs {
		buf = append(buf, b...)
	}
	n, err := e.sock.Send(buf)
	if err != nil && n == 0 {
		return errnoOf(err)
	}
	m.putU32(uint32(a[4]), uint32(n))
	return ErrnoSuccess
}

// sockShutdown: fd, sdflags.
func (s *System) sockShutdown(_ mem, a []uint64) Errno {
	e, errno := s.socket(uint32(a[0]), rightSockShutdown)
	if errno != ErrnoSuccess {
		return errno
	}
	how := uint8(a[1])
	if how == 0 || how&^(sdflagRd|sdflagWr) != 0 {
		return ErrnoInval
	}
	return errnoOf(e.sock.Shutdown(how&sdflagRd != 0, how&sdflagWr != 0))
}

// vectors returns the memory an $iovec array names.
func vectors(m mem, iovs, n uint32) ([][]byte, Errno) {
	return appendVectors(make([][]byte, 0, n), m, iovs, n)
}

// appendVectors appends the n buffers of the iovec array at iovs to bufs
// (so a caller with a buffer on its stack allocates nothing).
func appendVectors(bufs [][]byte, m mem, iovs, n uint32) ([][]byte, Errno) {
	for i := uint32(0); i < n; i++ {
		base, ok1 := m.u32(iovs + 8*i)
		size, ok2 := m.u32(iovs + 8*i + 4)
		if !ok1 || !ok2 || !m.ok(base, size) {
			return nil, ErrnoFault
		}
		bufs = append(bufs, m[base:base+size])
	}
	return bufs, ErrnoSuccess
}

func totalLen(bufs [][]byte) int {
	n := 0
	for _, b := range bufs {
		n += len(b)
	}
	return n
}
