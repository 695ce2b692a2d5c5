package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Linux x86-64 system call numbers the Go runtime (and the kernel's own
// Go code) use.
const (
	nrRead             = 0
	nrWrite            = 1
	nrClose            = 3
	nrFstat            = 5
	nrMmap             = 9
	nrMprotect         = 10
	nrMunmap           = 11
	nrRtSigaction      = 13
	nrRtSigprocmask    = 14
	nrRtSigreturn      = 15
	nrIoctl            = 16
	nrPread64          = 17
	nrSchedYield       = 24
	nrMadvise          = 28
	nrNanosleep        = 35
	nrSetitimer        = 38
	nrGetpid           = 39
	nrClone            = 56
	nrExit             = 60
	nrKill             = 62
	nrUname            = 63
	nrFcntl            = 72
	nrSigaltstack      = 131
	nrPrctl            = 157
	nrArchPrctl        = 158
	nrGettid           = 186
	nrTkill            = 200
	nrFutex            = 202
	nrSchedGetaffinity = 204
	nrTimerCreate      = 222
	nrClockGettime     = 228
	nrClockNanosleep   = 230
	nrExitGroup        = 231
	nrEpollCtl         = 233
	nrTgkill           = 234
	nrOpenat           = 257
	nrNewfstatat       = 262
	nrEpollPwait       = 281
	nrEventfd2         = 290
	nrEpollCreate1     = 291
	nrPipe2            = 293
	nrPrlimit64        = 302
	nrGetrandom        = 318
	nrRseq             = 334
)

const archSetFS = 0x1002

// Statistics shown at exit when the kernel command line asks.
var syscallCount [512]uint32

// syscall runs the system call in f and stores its result in f.RAX
// (negative errno on failure), except for calls that replace the whole
// context.
func syscall(f *TrapFrame) {
	nr := f.RAX
	a0, a1, a2, a3 := uintptr(f.RDI), uintptr(f.RSI), uintptr(f.RDX), uintptr(f.R10)
	a4 := uintptr(f.R8)
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
		r, err = sysClone(f, a0, a1, a4)
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
	case nrArchPrctl:
		if a0 != archSetFS {
			err = eINVAL
			break
		}
		threads[current].fsBase = a1
		// The entry code restores FS:-8 on the way out; it must find the
		// goroutine slot of the new block.
		f.SavedG = *(*uint64)(userPointer(a1 - 8))
		*(*uint64)(userPointer(a1 - 8)) = uint64(currentCPU().kernelG)
		cpu.WriteMSR(msrFSBase, uint64(a1))
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
		if traceUnknown {
			printString("kernel: unknown system call ")
			printDec(int64(nr))
			printString("\n")
		}
		err = eNOSYS
	}
	if err != 0 {
		f.RAX = uint64(-int64(err))
	} else {
		f.RAX = uint64(r)
	}
}

var traceUnknown = true
