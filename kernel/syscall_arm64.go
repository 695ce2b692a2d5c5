package kernel

// Linux arm64 system call numbers (the generic table) the Go runtime and
// the kernel's own Go code use (the dispatch is in syscall.go).
const (
	nrEventfd2         = 19
	nrEpollCreate1     = 20
	nrEpollCtl         = 21
	nrEpollPwait       = 22
	nrFcntl            = 25
	nrIoctl            = 29
	nrOpenat           = 56
	nrClose            = 57
	nrPipe2            = 59
	nrRead             = 63
	nrWrite            = 64
	nrPread64          = 67
	nrNewfstatat       = 79
	nrFstat            = 80
	nrExit             = 93
	nrExitGroup        = 94
	nrFutex            = 98
	nrNanosleep        = 101
	nrSetitimer        = 103
	nrTimerCreate      = 107
	nrClockGettime     = 113
	nrClockNanosleep   = 115
	nrSchedGetaffinity = 123
	nrSchedYield       = 124
	nrKill             = 129
	nrTkill            = 130
	nrTgkill           = 131
	nrSigaltstack      = 132
	nrRtSigaction      = 134
	nrRtSigprocmask    = 135
	nrRtSigreturn      = 139
	nrUname            = 160
	nrPrctl            = 167
	nrGetpid           = 172
	nrGettid           = 178
	nrMunmap           = 215
	nrClone            = 220
	nrMmap             = 222
	nrMprotect         = 226
	nrMadvise          = 233
	nrPrlimit64        = 261
	nrGetrandom        = 278
	nrRseq             = 293
)

// syscallArgs returns the number and arguments of the system call that
// entered with f (SVC #0: x8, then x0-x5).
func (f *TrapFrame) syscallArgs() (uint64, [6]uintptr) {
	return f.X[8], [6]uintptr{uintptr(f.X[0]), uintptr(f.X[1]), uintptr(f.X[2]), uintptr(f.X[3]), uintptr(f.X[4]), uintptr(f.X[5])}
}

// setSyscallResult stores the value the system call returns (x0).
func (f *TrapFrame) setSyscallResult(v uint64) { f.X[0] = v }

// cloneTLSArg is clone's thread-pointer argument: arm64's clone takes
// (flags, stack, parent_tid, tls, child_tid).
func cloneTLSArg(a [6]uintptr) uintptr { return a[3] }

// archSyscall runs the system calls only arm64 has: none the runtime
// makes.
func archSyscall(f *TrapFrame, nr uint64, a [6]uintptr) (r uintptr, err errno, handled bool) {
	return 0, 0, false
}
