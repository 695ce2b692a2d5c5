package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Linux x86-64 system call numbers the Go runtime (and the kernel's own
// Go code) use (the dispatch is in syscall.go).
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

// syscallArgs returns the number and arguments of the system call that
// entered with f (SYSCALL: RAX, then RDI, RSI, RDX, R10, R8, R9).
func (f *TrapFrame) syscallArgs() (uint64, [6]uintptr) {
	return f.RAX, [6]uintptr{uintptr(f.RDI), uintptr(f.RSI), uintptr(f.RDX), uintptr(f.R10), uintptr(f.R8), uintptr(f.R9)}
}

// setSyscallResult stores the value the system call returns (RAX).
func (f *TrapFrame) setSyscallResult(v uint64) { f.RAX = v }

// cloneTLSArg is clone's thread-pointer argument: x86-64's clone takes
// (flags, stack, parent_tid, child_tid, tls).
func cloneTLSArg(a [6]uintptr) uintptr { return a[4] }

// archSyscall runs the system calls only x86-64 has: arch_prctl, with
// which the runtime sets its thread-local block (FS base).
func archSyscall(f *TrapFrame, nr uint64, a [6]uintptr) (r uintptr, err errno, handled bool) {
	if nr != nrArchPrctl {
		return 0, 0, false
	}
	if a[0] != archSetFS {
		return 0, eINVAL, true
	}
	threads[current].tls = a[1]
	// The entry code restores FS:-8 on the way out; it must find the
	// goroutine slot of the new block.
	f.SavedG = *(*uint64)(userPointer(a[1] - 8))
	*(*uint64)(userPointer(a[1] - 8)) = uint64(currentCPU().kernelG)
	cpu.WriteMSR(msrFSBase, uint64(a[1]))
	return 0, 0, true
}
