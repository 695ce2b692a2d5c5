package kernel

// The system-call shim: one dispatch for every architecture. The numbers
// differ (x86-64 has its own table; arm64 uses Linux's generic table,
// which has openat but no open, epoll_pwait but no epoll_wait, and so on)
// and live in syscall_GOARCH.go under the same names; so do the calls one
// architecture alone has (archSyscall) and where the frame keeps the
// number, the arguments and the result.

// Statistics shown at exit when the kernel command line asks.
var syscallCount [512]uint32

// syscall runs the system call in f and stores its result in f
// (negative errno on failure), except for calls that replace the whole
// context.
func syscall(f *TrapFrame) {
	nr, a := f.syscallArgs()
	a0, a1, a2, a3, a4 := a[0], a[1], a[2], a[3], a[4]
	if nr < uint64(len(syscallCount)) {
		syscallCount[nr]++
	}
	var r uintptr
	var err errno
	switch nr {
	case nrRead:
		r, err = sysRead(int32(a0), a1, a2)
	case nrWrite:
		r, err = sysWrite(int32(a0), a1, a2)
	case nrClose:
		err = sysClose(int32(a0))
	case nrPread64, nrFstat, nrNewfstatat:
		err = eBADF
	case nrMmap:
		r, err = sysMmap(a0, a1, uint32(a2), uint32(a3), int32(a4))
	case nrMprotect:
		err = sysMprotect(a0, a1, uint32(a2))
	case nrMunmap:
		err = sysMunmap(a0, a1)
	case nrMadvise:
		err = sysMadvise(a0, a1, int32(a2))
	case nrRtSigaction:
		err = sysRtSigaction(int32(a0), a1, a2, a3)
	case nrRtSigprocmask:
		err = sysRtSigprocmask(int32(a0), a1, a2, a3)
	case nrRtSigreturn:
		sysRtSigreturn(f)
		return
	case nrSigaltstack:
		err = sysSigaltstack(a0, a1)
	case nrIoctl:
		err = eNOTTY
	case nrSchedYield:
		yield()
	case nrNanosleep:
		err = sysNanosleep(a0)
	case nrClockNanosleep:
		err = eNOSYS
	case nrGetpid:
		r = 1
	case nrGettid:
		r = uintptr(threads[current].tid)
	case nrClone:
		r, err = sysClone(f, a0, a1, cloneTLSArg(a))
	case nrExit:
		sysExit()
	case nrExitGroup:
		exitVM(int(int32(a0)))
	case nrKill, nrTkill, nrTgkill:
		// Signals between threads are not delivered: the runtime sends
		// them for asynchronous preemption (off) and, after a fatal
		// error, to crash (it exits by itself when the signal does not
		// kill it).
	case nrFcntl:
		r, err = sysFcntl(int32(a0), int32(a1), a2)
	case nrFutex:
		r, err = sysFutex(a0, uint32(a1), uint32(a2), a3)
	case nrSchedGetaffinity:
		if a1 < 8 {
			err = eINVAL
			break
		}
		*(*uint64)(userPointer(a2)) = 1 // one processor
		r = 8
	case nrClockGettime:
		err = sysClockGettime(int32(a0), a1)
	case nrEpollCtl:
		err = sysEpollCtl(int32(a0), int32(a1), int32(a2), a3)
	case nrEpollPwait:
		r, err = sysEpollPwait(int32(a0), a1, int32(a2), int32(a3))
	case nrEventfd2:
		r, err = sysEventfd2(uint32(a0), uint32(a1))
	case nrEpollCreate1:
		r, err = sysEpollCreate1()
	case nrOpenat:
		err = eNOENT
	case nrGetrandom:
		r = sysGetrandom(a0, a1)
	case nrPrctl:
		err = eINVAL
	case nrSetitimer, nrTimerCreate, nrPrlimit64, nrPipe2, nrUname, nrRseq:
		err = eNOSYS
	default:
		var handled bool
		if r, err, handled = archSyscall(f, nr, a); handled {
			break
		}
		if traceUnknown {
			printString("kernel: unknown system call ")
			printDec(int64(nr))
			printString("\n")
		}
		err = eNOSYS
	}
	if err != 0 {
		f.setSyscallResult(uint64(-int64(err)))
	} else {
		f.setSyscallResult(uint64(r))
	}
}

var traceUnknown = true
