package kernel

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// The signal frame, as Linux lays it out on x86-64: the return address
// (the handler returns into sa_restorer), the ucontext, the siginfo, and
// the legacy FXSAVE area the ucontext points to.
type ucontext struct {
	flags, link uint64
	stack       stackT
	gregs       [23]uint64
	fpregs      uint64
	_           [8]uint64
	sigmask     uint64
}

// Indexes into ucontext.gregs.
const (
	regR8 = iota
	regR9
	regR10
	regR11
	regR12
	regR13
	regR14
	regR15
	regRDI
	regRSI
	regRBP
	regRBX
	regRDX
	regRAX
	regRCX
	regRSP
	regRIP
	regEFL
	regCSGSFS
	regERR
	regTRAPNO
	regOLDMASK
	regCR2
)

type sigframe struct {
	restorer uint64
	uc       ucontext
	info     siginfo
}

const fxsaveSize = 512

// deliverFault runs the program's handler for sig on the faulting thread,
// or stops the VM with a report when there is none.
func deliverFault(f *TrapFrame, sig int32, code int32, faultAddr uintptr) {
	act := sigactions[sig]
	t := &threads[current]
	if act.handler == sigDfl || act.handler == sigIgn || t.sigMask&(1<<(sig-1)) != 0 {
		fatalFrame(signalName(sig), f, uint64(faultAddr))
	}
	sp := uintptr(f.RSP) - 128 // below the interrupted code's red zone
	if act.flags&saOnStack != 0 && t.altFlags&ssDisable == 0 &&
		!(sp >= t.altStackSP && sp < t.altStackSP+t.altStackLen) {
		sp = t.altStackSP + t.altStackLen
	}
	fx := (sp - fxsaveSize) &^ 63
	frame := (fx - sizeofSigframe) &^ 15
	frame -= 8 // as if called: the handler's RSP+8 is 16-byte aligned
	if act.flags&saOnStack != 0 && t.altFlags&ssDisable == 0 && frame < t.altStackSP {
		fatalFrame("signal stack overflow", f, uint64(faultAddr))
	}

	copy((*[fxsaveSize]byte)(userPointer(fx))[:], (*[fxsaveSize]byte)(cpu.Pointer(uintptr(f.XSave)))[:])
	sf := (*sigframe)(userPointer(frame))
	*sf = sigframe{restorer: act.restorer}
	sf.uc.stack = stackT{sp: uint64(t.altStackSP), flags: t.altFlags, size: uint64(t.altStackLen)}
	saveContext(&sf.uc, f)
	sf.uc.gregs[regERR] = f.ErrorCode
	sf.uc.gregs[regTRAPNO] = f.Vector
	sf.uc.gregs[regCR2] = uint64(faultAddr)
	sf.uc.fpregs = uint64(fx)
	sf.uc.sigmask = t.sigMask
	sf.info.signo, sf.info.code = sig, code
	sf.info.addr = uint64(faultAddr)

	t.sigMask |= act.mask
	if act.flags&saNoDefer == 0 {
		t.sigMask |= 1 << (sig - 1)
	}
	f.RDI = uint64(sig)
	f.RSI = uint64(addr(&sf.info))
	f.RDX = uint64(addr(&sf.uc))
	f.RAX = 0
	f.RSP = uint64(frame)
	f.RIP = act.handler
	f.RFLAGS &^= 0x400 | 0x100 // DF, TF
}

const sizeofSigframe = unsafe.Sizeof(sigframe{})

func saveContext(uc *ucontext, f *TrapFrame) {
	g := &uc.gregs
	g[regR8], g[regR9], g[regR10], g[regR11] = f.R8, f.R9, f.R10, f.R11
	g[regR12], g[regR13], g[regR14], g[regR15] = f.R12, f.R13, f.R14, f.R15
	g[regRDI], g[regRSI], g[regRBP], g[regRBX] = f.RDI, f.RSI, f.RBP, f.RBX
	g[regRDX], g[regRAX], g[regRCX], g[regRSP] = f.RDX, f.RAX, f.RCX, f.RSP
	g[regRIP], g[regEFL], g[regCSGSFS] = f.RIP, f.RFLAGS, 0x10<<48|0x08
}

// sysRtSigreturn restores the context saved by deliverFault (possibly
// changed by the handler: Go points it at sigpanic).
func sysRtSigreturn(f *TrapFrame) {
	uc := (*ucontext)(userPointer(uintptr(f.RSP)))
	g := &uc.gregs
	f.R8, f.R9, f.R10, f.R11 = g[regR8], g[regR9], g[regR10], g[regR11]
	f.R12, f.R13, f.R14, f.R15 = g[regR12], g[regR13], g[regR14], g[regR15]
	f.RDI, f.RSI, f.RBP, f.RBX = g[regRDI], g[regRSI], g[regRBP], g[regRBX]
	f.RDX, f.RAX, f.RCX, f.RSP = g[regRDX], g[regRAX], g[regRCX], g[regRSP]
	f.RIP = g[regRIP]
	// Arithmetic and direction flags from the context; interrupts stay on.
	const userFlags = 0xCD5 | 0x400
	f.RFLAGS = f.RFLAGS&^userFlags | g[regEFL]&userFlags | 0x200
	if uc.fpregs != 0 {
		copy((*[fxsaveSize]byte)(cpu.Pointer(uintptr(f.XSave)))[:], (*[fxsaveSize]byte)(userPointer(uintptr(uc.fpregs)))[:])
	}
	threads[current].sigMask = uc.sigmask
}
