package wasi

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
)

// More errno values (spec: $errno).
const (
	ErrnoAcces    Errno = 2
	ErrnoExist    Errno = 20
	ErrnoIsdir    Errno = 31
	ErrnoNotempty Errno = 55
	ErrnoPerm     Errno = 63
	ErrnoXdev     Errno = 75
	ErrnoNospc    Errno = 51
	ErrnoRofs     Errno = 69
	ErrnoNotsup   Errno = 58
)

var syscallErrnos = map[syscall.Errno]Errno{
	syscall.EACCES: ErrnoAcces, syscall.EBADF: ErrnoBadf, syscall.EEXIST: ErrnoExist,
	syscall.EINVAL: ErrnoInval, syscall.EIO: ErrnoIO, syscall.EISDIR: ErrnoIsdir,
	syscall.ELOOP: ErrnoLoop, syscall.ENAMETOOLONG: ErrnoNametoolong, syscall.ENOENT: ErrnoNoent,
	syscall.ENOSPC: ErrnoNospc, syscall.ENOSYS: ErrnoNosys, syscall.ENOTDIR: ErrnoNotdir,
	syscall.ENOTEMPTY: ErrnoNotempty, syscall.EPERM: ErrnoPerm, syscall.EROFS: ErrnoRofs,
	syscall.ESPIPE: ErrnoSpipe, syscall.EXDEV: ErrnoXdev, syscall.ENOTSUP: ErrnoNotsup,
	syscall.EAGAIN: ErrnoAgain, syscall.ECONNABORTED: ErrnoConnaborted,
	syscall.ECONNREFUSED: ErrnoConnrefused, syscall.ECONNRESET: ErrnoConnreset,
	syscall.EINTR: ErrnoIntr, syscall.ENOTCONN: ErrnoNotconn, syscall.ENOTSOCK: ErrnoNotsock,
	syscall.EPIPE: ErrnoPipe, syscall.ETIMEDOUT: ErrnoTimedout,
}

// errnoOf maps a Go error of a file-system backend to a WASI errno.
func errnoOf(err error) Errno {
	if err == nil {
		return ErrnoSuccess
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		if e, ok := syscallErrnos[se]; ok {
			return e
		}
		return ErrnoIO
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ErrnoNoent
	case errors.Is(err, fs.ErrExist):
		return ErrnoExist
	case errors.Is(err, fs.ErrPermission):
		return ErrnoPerm
	case strings.Contains(err.Error(), "escapes from parent"):
		return ErrnoNotcapable
	}
	return ErrnoIO
}
