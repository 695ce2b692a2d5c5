package wasi

import (
	"errors"
	"fmt"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// HostListener makes a listening socket of this process (a *net.TCPListener
// or *net.UnixListener, for example) a preopened socket: it works on a
// duplicate of the listener's descriptor, which the System closes; the
// caller may close its own listener at once.
func HostListener(l syscall.Conn) (Socket, error) {
	raw, err := l.SyscallConn()
	if err != nil {
		return nil, fmt.Errorf("listener descriptor: %w", err)
	}
	var fd int
	var dupErr error
	if err := raw.Control(func(s uintptr) { fd, dupErr = unix.FcntlInt(s, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, fmt.Errorf("listener descriptor: %w", err)
	}
	if dupErr != nil {
		return nil, fmt.Errorf("duplicate listener descriptor: %w", dupErr)
	}
	// The duplicate shares the open file description, and so the
	// non-blocking flag, with the caller's listener; it stays as Go set
	// it (non-blocking), which is how New hands listeners to a program.
	return &hostSocket{fd: fd}, nil
}

// HostPoller is the SocketPoller of host sockets, with poll(2).
type HostPoller struct{}

// hostSocket is a socket descriptor of this process, used with plain
// system calls: blocking calls block the calling thread, as a WASI call
// does.
type hostSocket struct{ fd int }

// retry repeats a system call interrupted by a signal (Go's runtime
// preempts threads with signals).
func retry[T any](call func() (T, error)) (T, error) {
	for {
		v, err := call()
		if !errors.Is(err, unix.EINTR) {
			return v, err
		}
	}
}

func (s *hostSocket) Accept() (Socket, error) {
	fd, err := retry(func() (int, error) {
		nfd, _, err := unix.Accept4(s.fd, unix.SOCK_CLOEXEC)
		return nfd, err
	})
	if err != nil {
		return nil, err
	}
	return &hostSocket{fd: fd}, nil
}

func (s *hostSocket) Recv(p []byte, peek, waitAll bool) (int, error) {
	flags := 0
	if peek {
		flags |= unix.MSG_PEEK
	}
	if waitAll {
		flags |= unix.MSG_WAITALL
	}
	return retry(func() (int, error) {
		n, _, err := unix.Recvfrom(s.fd, p, flags)
		return max(n, 0), err
	})
}

func (s *hostSocket) Send(p []byte) (int, error) {
	// MSG_NOSIGNAL: a closed peer is EPIPE, not SIGPIPE to this process.
	return retry(func() (int, error) { return unix.SendmsgN(s.fd, p, nil, nil, unix.MSG_NOSIGNAL) })
}

func (s *hostSocket) Shutdown(read, write bool) error {
	how := unix.SHUT_RDWR
	switch {
	case !write:
		how = unix.SHUT_RD
	case !read:
		how = unix.SHUT_WR
	}
	return unix.Shutdown(s.fd, how)
}

func (s *hostSocket) SetNonblock(nonblock bool) error { return unix.SetNonblock(s.fd, nonblock) }

func (s *hostSocket) Close() error { return unix.Close(s.fd) }

// Poll implements SocketPoller for sockets from HostListener.
func (HostPoller) Poll(items []SocketPoll, timeout time.Duration) error {
	fds := make([]unix.PollFd, len(items))
	for i, it := range items {
		hs, ok := it.Socket.(*hostSocket)
		if !ok {
			return fmt.Errorf("poll: %T is not a host socket", it.Socket)
		}
		fds[i] = unix.PollFd{Fd: int32(hs.fd), Events: unix.POLLIN}
		if it.Write {
			fds[i].Events = unix.POLLOUT
		}
	}
	deadline := time.Now().Add(timeout)
	for {
		ms := -1
		if timeout >= 0 {
			// Round up, so that a wait never ends before the deadline.
			ms = int((time.Until(deadline) + time.Millisecond - 1) / time.Millisecond)
			ms = max(ms, 0)
		}
		n, err := unix.Poll(fds, ms)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("poll: %w", err)
		}
		if n == 0 && timeout >= 0 && time.Now().Before(deadline) {
			continue
		}
		for i := range items {
			// Errors and hang-ups count as ready: the call that
			// follows reports them.
			items[i].Ready = fds[i].Revents != 0
		}
		return nil
	}
}
