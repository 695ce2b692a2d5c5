package kernel

// Signals exist for one purpose: a fault in Go code (a nil dereference,
// an access outside any mapping) is delivered to the handler the Go
// runtime installed, exactly as Linux delivers SIGSEGV, so the runtime
// turns it into a panic (recoverable, or printed with a Go traceback).
// The kernel records sigaction, the signal mask and the alternate signal
// stack, builds Linux's signal frame on the alternate stack, and restores
// the interrupted context at rt_sigreturn (the frames are per
// architecture: signal_GOARCH.go). Signals sent with kill/tgkill
// are not delivered (asynchronous preemption is off).

const (
	sigILL  = 4
	sigTRAP = 5
	sigBUS  = 7
	sigFPE  = 8
	sigSEGV = 11

	segvMapErr = 1
	segvAccErr = 2
	fpeIntDiv  = 1
	illOpc     = 2
	busAdrAln  = 1
	siKernel   = 0x80

	saOnStack = 0x08000000
	saNoDefer = 0x40000000
	sigDfl    = 0
	sigIgn    = 1

	maxSignal = 64
)

// sigaction is Linux's struct sigaction as the system call takes it.
type sigaction struct {
	handler, flags, restorer uint64
	mask                     uint64
}

var sigactions [maxSignal + 1]sigaction

func sysRtSigaction(sig int32, act, oldact uintptr, size uintptr) errno {
	if sig < 1 || sig > maxSignal || size != 8 {
		return eINVAL
	}
	if oldact != 0 {
		*(*sigaction)(userPointer(oldact)) = sigactions[sig]
	}
	if act != 0 {
		if sig == 9 || sig == 19 { // SIGKILL, SIGSTOP
			return eINVAL
		}
		sigactions[sig] = *(*sigaction)(userPointer(act))
	}
	return 0
}

const (
	sigBlock   = 0
	sigUnblock = 1
	sigSetmask = 2
)

func sysRtSigprocmask(how int32, set, oldset uintptr, size uintptr) errno {
	if size != 8 {
		return eINVAL
	}
	t := &threads[current]
	if oldset != 0 {
		*(*uint64)(userPointer(oldset)) = t.sigMask
	}
	if set != 0 {
		s := *(*uint64)(userPointer(set))
		switch how {
		case sigBlock:
			t.sigMask |= s
		case sigUnblock:
			t.sigMask &^= s
		case sigSetmask:
			t.sigMask = s
		default:
			return eINVAL
		}
	}
	return 0
}

// stackT is Linux's stack_t.
type stackT struct {
	sp    uint64
	flags int32
	_     int32
	size  uint64
}

// stack_t flags.
const (
	ssOnStack = 1
	ssDisable = 2
)

func sysSigaltstack(ss, oldss uintptr) errno {
	t := &threads[current]
	if oldss != 0 {
		*(*stackT)(userPointer(oldss)) = stackT{sp: uint64(t.altStackSP), flags: t.altFlags, size: uint64(t.altStackLen)}
	}
	if ss != 0 {
		s := *(*stackT)(userPointer(ss))
		if s.flags&ssDisable != 0 {
			t.altStackSP, t.altStackLen, t.altFlags = 0, 0, ssDisable
		} else {
			t.altStackSP, t.altStackLen, t.altFlags = uintptr(s.sp), uintptr(s.size), 0
		}
	}
	return 0
}

// siginfo is Linux's siginfo_t for a fault (the same on every
// architecture).
type siginfo struct {
	signo, errno, code, _ int32
	addr                  uint64
	_                     [12]uint64
}

func signalName(sig int32) string {
	switch sig {
	case sigILL:
		return "SIGILL"
	case sigTRAP:
		return "SIGTRAP"
	case sigFPE:
		return "SIGFPE"
	case sigSEGV:
		return "SIGSEGV"
	case sigBUS:
		return "SIGBUS"
	}
	return "signal"
}
