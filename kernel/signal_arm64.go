package kernel

import "unsafe"

// The signal frame, as Linux lays it out on arm64 (arch/arm64's
// rt_sigframe): the siginfo, the ucontext whose sigcontext holds the
// general registers and, in its reserved area, an FP/SIMD record, and a
// frame record (fp, lr) that x29 points at.
type sigcontext struct {
	faultAddress uint64
	regs         [31]uint64
	sp, pc       uint64
	pstate       uint64
	_            uint64 // the reserved area is 16-byte aligned
	reserved     [4096]byte
}

type ucontext struct {
	flags, link uint64
	stack       stackT
	sigmask     uint64
	_           [120 + 8]byte // the rest of a 1024-bit sigset, alignment
	mcontext    sigcontext
}

// fpsimdContext is the FP/SIMD record at the start of the reserved area;
// a zero header after it ends the list.
type fpsimdContext struct {
	magic, size uint32
	fpsr, fpcr  uint32
	vregs       [64]uint64
}

const (
	fpsimdMagic = 0x46508001
	saRestorer  = 0x04000000
)

// sigreturnTrampolinePC returns the address of the code that makes
// rt_sigreturn (entry_arm64.s).
func sigreturnTrampolinePC() uintptr

type sigframe struct {
	info   siginfo
	_      [8]byte // siginfo_t is 128 bytes
	uc     ucontext
	fp, lr uint64
}

const sizeofSigframe = unsafe.Sizeof(sigframe{})

// deliverFault runs the program's handler for sig on the faulting thread,
// or stops the VM with a report when there is none.
func deliverFault(f *TrapFrame, sig int32, code int32, faultAddr uintptr) {
	act := sigactions[sig]
	t := &threads[current]
	if act.handler == sigDfl || act.handler == sigIgn || t.sigMask&(1<<(sig-1)) != 0 {
		fatalFrame(signalName(sig), f, uint64(faultAddr))
	}
	sp := uintptr(f.SP)
	onAlt := act.flags&saOnStack != 0 && t.altFlags&ssDisable == 0
	if onAlt && !(sp >= t.altStackSP && sp < t.altStackSP+t.altStackLen) {
		sp = t.altStackSP + t.altStackLen
	}
	frame := (sp - sizeofSigframe) &^ 15
	if onAlt && frame < t.altStackSP {
		fatalFrame("signal stack overflow", f, uint64(faultAddr))
	}

	sf := (*sigframe)(userPointer(frame))
	*sf = sigframe{}
	sf.info.signo, sf.info.code = sig, code
	sf.info.addr = uint64(faultAddr)
	sf.uc.stack = stackT{sp: uint64(t.altStackSP), flags: t.altFlags, size: uint64(t.altStackLen)}
	sf.uc.sigmask = t.sigMask
	mc := &sf.uc.mcontext
	mc.faultAddress = uint64(faultAddr)
	mc.regs = f.X
	mc.sp, mc.pc, mc.pstate = f.SP, f.PC, f.PSTATE
	fp := (*fpsimdContext)(unsafe.Pointer(&mc.reserved[0]))
	fp.magic, fp.size = fpsimdMagic, uint32(unsafe.Sizeof(fpsimdContext{}))
	fp.fpsr, fp.fpcr = uint32(f.FPSR), uint32(f.FPCR)
	fp.vregs = f.V
	sf.fp, sf.lr = f.X[29], f.PC

	t.sigMask |= act.mask
	if act.flags&saNoDefer == 0 {
		t.sigMask |= 1 << (sig - 1)
	}
	f.X[0] = uint64(sig)
	f.X[1] = uint64(addr(&sf.info))
	f.X[2] = uint64(addr(&sf.uc))
	f.X[29] = uint64(addr(&sf.fp))
	f.X[30] = act.restorer
	if act.flags&saRestorer == 0 {
		f.X[30] = uint64(sigreturnTrampolinePC())
	}
	f.SP = uint64(frame)
	f.PC = act.handler
}

// sysRtSigreturn restores the context saved by deliverFault (possibly
// changed by the handler: Go points it at sigpanic). The restorer makes
// the call with SP where the handler started: at the frame.
func sysRtSigreturn(f *TrapFrame) {
	sf := (*sigframe)(userPointer(uintptr(f.SP)))
	mc := &sf.uc.mcontext
	f.X = mc.regs
	f.SP, f.PC = mc.sp, mc.pc
	// Condition flags from the context; the exception level, the stack
	// selection and the interrupt masks stay the kernel's.
	const nzcv = 0xF0000000
	f.PSTATE = f.PSTATE&^nzcv | mc.pstate&nzcv
	if fp := (*fpsimdContext)(unsafe.Pointer(&mc.reserved[0])); fp.magic == fpsimdMagic {
		f.FPSR, f.FPCR = uint64(fp.fpsr), uint64(fp.fpcr)
		f.V = fp.vregs
	}
	threads[current].sigMask = sf.uc.sigmask
}
