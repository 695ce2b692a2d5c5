package kernel

import "unsafe"

// File descriptors: 0, 1 and 2 are the console; epoll instances and
// eventfds are what the Go runtime's network poller creates. There are no
// files: open fails with ENOENT (the runtime's probes of /sys and /proc
// accept that).

const maxFDs = 64

type fdKind uint8

const (
	fdFree fdKind = iota
	fdConsole
	fdEventfd
	fdEpoll
)

const maxInterest = 16

type interest struct {
	fd     int32
	events uint32
	data   uint64
}

type fileDesc struct {
	kind     fdKind
	nonblock bool
	counter  uint64 // eventfd
	watch    [maxInterest]interest
	nwatch   int
}

var fds = [maxFDs]fileDesc{{kind: fdConsole}, {kind: fdConsole}, {kind: fdConsole}}

func allocFD(kind fdKind, nonblock bool) (uintptr, errno) {
	for i := range fds {
		if fds[i].kind == fdFree {
			fds[i] = fileDesc{kind: kind, nonblock: nonblock}
			return uintptr(i), 0
		}
	}
	return 0, eMFILE
}

func lookupFD(fd int32) *fileDesc {
	if fd < 0 || fd >= maxFDs || fds[fd].kind == fdFree {
		return nil
	}
	return &fds[fd]
}

func sysClose(fd int32) errno {
	d := lookupFD(fd)
	if d == nil {
		return eBADF
	}
	if d.kind != fdConsole {
		*d = fileDesc{}
	}
	return 0
}

func sysWrite(fd int32, buf uintptr, n uintptr) (uintptr, errno) {
	d := lookupFD(fd)
	if d == nil {
		return 0, eBADF
	}
	switch d.kind {
	case fdConsole:
		writeConsole(buf, int(n))
		return n, 0
	case fdEventfd:
		if n < 8 {
			return 0, eINVAL
		}
		d.counter += *(*uint64)(userPointer(buf))
		wakeAll(waitEventfd, addr(d), -1)
		wakeAll(waitEpoll, 0, -1)
		return 8, 0
	}
	return 0, eBADF
}

func sysRead(fd int32, buf uintptr, n uintptr) (uintptr, errno) {
	d := lookupFD(fd)
	if d == nil {
		return 0, eBADF
	}
	switch d.kind {
	case fdConsole:
		return readConsole(buf, n), 0
	case fdEventfd:
		if n < 8 {
			return 0, eINVAL
		}
		for d.counter == 0 {
			if d.nonblock {
				return 0, eAGAIN
			}
			block(waitEventfd, addr(d), 0)
		}
		*(*uint64)(userPointer(buf)) = d.counter
		d.counter = 0
		return 8, 0
	}
	return 0, eBADF
}

const (
	fGetFD    = 1
	fSetFD    = 2
	fGetFL    = 3
	fSetFL    = 4
	oRDWR     = 2
	oNonblock = 0x800
)

func sysFcntl(fd int32, cmd int32, arg uintptr) (uintptr, errno) {
	d := lookupFD(fd)
	if d == nil {
		return 0, eBADF
	}
	switch cmd {
	case fGetFD, fSetFD:
		return 0, 0
	case fGetFL:
		fl := uintptr(oRDWR)
		if d.nonblock {
			fl |= oNonblock
		}
		return fl, 0
	case fSetFL:
		d.nonblock = arg&oNonblock != 0
		return 0, 0
	}
	return 0, eINVAL
}

const efdNonblock = 0x800

func sysEventfd2(initval uint32, flags uint32) (uintptr, errno) {
	fd, err := allocFD(fdEventfd, flags&efdNonblock != 0)
	if err == 0 {
		fds[fd].counter = uint64(initval)
	}
	return fd, err
}

func sysEpollCreate1() (uintptr, errno) { return allocFD(fdEpoll, false) }

const (
	epollCtlAdd = 1
	epollCtlDel = 2
	epollCtlMod = 3
	epollIn     = 0x1
	epollOut    = 0x4
)

func sysEpollCtl(epfd, op, fd int32, event uintptr) errno {
	ep := lookupFD(epfd)
	if ep == nil || ep.kind != fdEpoll || lookupFD(fd) == nil {
		return eBADF
	}
	i := 0
	for i < ep.nwatch && ep.watch[i].fd != fd {
		i++
	}
	switch op {
	case epollCtlAdd, epollCtlMod:
		if op == epollCtlAdd && i < ep.nwatch {
			return eEXIST
		}
		if op == epollCtlMod && i == ep.nwatch {
			return eNOENT
		}
		if i == maxInterest {
			return eNOMEM
		}
		e := (*epollEvent)(userPointer(event))
		ep.watch[i] = interest{fd: fd, events: e.events, data: uint64(e.data[0]) | uint64(e.data[1])<<32}
		if i == ep.nwatch {
			ep.nwatch++
		}
	case epollCtlDel:
		if i == ep.nwatch {
			return eNOENT
		}
		ep.watch[i] = ep.watch[ep.nwatch-1]
		ep.nwatch--
	default:
		return eINVAL
	}
	return 0
}

func sysEpollPwait(epfd int32, events uintptr, maxEvents int32, timeoutMs int32) (uintptr, errno) {
	ep := lookupFD(epfd)
	if ep == nil || ep.kind != fdEpoll {
		return 0, eBADF
	}
	if maxEvents <= 0 {
		return 0, eINVAL
	}
	var deadline int64
	if timeoutMs > 0 {
		deadline = monotonicNow() + int64(timeoutMs)*1e6
	}
	for {
		n := 0
		for i := 0; i < ep.nwatch && n < int(maxEvents); i++ {
			w := ep.watch[i]
			ready := readiness(w.fd) & (w.events | 0x18) // EPOLLERR|EPOLLHUP always
			if ready == 0 {
				continue
			}
			e := (*epollEvent)(userPointer(events + uintptr(n)*unsafe.Sizeof(epollEvent{})))
			e.events = ready
			e.data = [2]uint32{uint32(w.data), uint32(w.data >> 32)}
			n++
		}
		if n > 0 || timeoutMs == 0 {
			return uintptr(n), 0
		}
		if block(waitEpoll, 0, deadline) {
			return 0, 0
		}
	}
}

// readiness returns the epoll events fd is ready for.
func readiness(fd int32) uint32 {
	d := lookupFD(fd)
	if d == nil {
		return 0
	}
	switch d.kind {
	case fdEventfd:
		if d.counter > 0 {
			return epollIn | epollOut
		}
		return epollOut
	case fdConsole:
		if inputLen() > 0 {
			return epollIn | epollOut
		}
		return epollOut
	}
	return 0
}
