package kernel

// TrapFrame is what the entry code saves on every entry (entry_arm64.s
// builds it; the offsets are fixed there): x0-x30, the interrupted SP_EL0,
// ELR_EL1 and SPSR_EL1, the syndrome and fault address, the vector, and
// the FP/SIMD state.
type TrapFrame struct {
	X          [31]uint64
	SP         uint64
	PC         uint64
	PSTATE     uint64
	ESR, FAR   uint64
	Kind       uint64 // vector 0-15: 0-3 from Go code, 4-7 nested
	_          uint64
	FPSR, FPCR uint64
	V          [64]uint64 // q0-q31
}

const sizeofTrapFrame = 832

// Vector kinds (within each group of four) and exception classes.
const (
	kindSync = 0
	kindIRQ  = 1

	ecUnknown       = 0x00
	ecSVC64         = 0x15
	ecInstrAbort    = 0x21
	ecPCAlignment   = 0x22
	ecDataAbortLow  = 0x24
	ecDataAbort     = 0x25
	ecSPAlignment   = 0x26
	ecBreakpointBRK = 0x3C

	pstateI = 1 << 7
)

var (
	booted          bool
	probingSemihost bool // a semihosting call may be undefined: skip it
)

// trap is called by the entry code for every system call, interrupt and
// exception, with interrupts masked, on the thread's kernel stack.
func trap(f *TrapFrame) {
	if !booted {
		booted = true
		earlyInit()
	}
	nested := f.Kind >= 4
	switch {
	case f.Kind >= 8:
		fatalFrame("exception from a lower exception level", f, 0)
	case f.Kind&3 == kindSync:
		synchronous(f, nested)
	case f.Kind&3 == kindIRQ:
		interrupt(nested)
	default:
		fatalFrame("FIQ or SError", f, 0)
	}
	if !nested {
		armTimer()
		// Go code runs with interrupts on (boot entered the runtime with
		// them masked, before the kernel could take them).
		f.PSTATE &^= pstateI
	}
}

// synchronous handles an exception caused by an instruction: a system
// call, or a fault.
func synchronous(f *TrapFrame, nested bool) {
	ec := f.ESR >> 26
	if exiting {
		// The semihosting call of exitVM is undefined without a host
		// that answers it.
		powerOff()
	}
	if probingSemihost && nested && ec == ecUnknown {
		f.PC += 4
		f.X[0] = ^uint64(0)
		return
	}
	switch ec {
	case ecSVC64:
		if nested {
			fatalFrame("system call from the kernel", f, 0)
		}
		syscall(f)
	case ecDataAbort, ecDataAbortLow:
		dataAbort(f, nested)
	case ecInstrAbort:
		if nested {
			fatalFrame("instruction abort in the kernel", f, f.FAR)
		}
		deliverFault(f, sigSEGV, segvMapErr, uintptr(f.FAR))
	case ecUnknown:
		if nested {
			fatalFrame("undefined instruction in the kernel", f, 0)
		}
		deliverFault(f, sigILL, illOpc, uintptr(f.PC))
	case ecBreakpointBRK:
		if nested {
			fatalFrame("breakpoint in the kernel", f, 0)
		}
		deliverFault(f, sigTRAP, 0, uintptr(f.PC))
	case ecPCAlignment, ecSPAlignment:
		if nested {
			fatalFrame("alignment fault in the kernel", f, f.FAR)
		}
		deliverFault(f, sigBUS, busAdrAln, uintptr(f.FAR))
	default:
		fatalFrame("unexpected exception", f, 0)
	}
}

// dataAbort handles a data abort: a demand-zero page to map, or a fault
// the program (or, in the kernel, the fatal path) must hear about.
func dataAbort(f *TrapFrame, nested bool) {
	const (
		wnr            = 1 << 6 // the access was a write
		dfscMask       = 0x3C   // fault status, level bits cleared
		dfscTranslate  = 0x04
		dfscAccessFlag = 0x08
		dfscPermission = 0x0C
	)
	fault := uintptr(f.FAR)
	status := f.ESR & dfscMask
	if (status == dfscTranslate || status == dfscPermission || status == dfscAccessFlag) && demandFault(fault, f.ESR&wnr != 0) {
		return
	}
	if nested {
		fatalFrame("data abort in the kernel", f, uint64(fault))
	}
	code := int32(segvMapErr)
	if status == dfscPermission || findRegion(fault) >= 0 {
		code = segvAccErr
	}
	deliverFault(f, sigSEGV, code, fault)
}

// fatalFrame reports an unrecoverable fault with the registers of f and
// the return addresses found by following the frame-pointer chain (the
// host tools turn them into function names with the kernel ELF), then
// stops the VM.
func fatalFrame(what string, f *TrapFrame, addr uint64) {
	printString("\nkernel: fatal: ")
	printString(what)
	if addr != 0 {
		printString(" at address ")
		printHex(addr)
	}
	printString("\n")
	printReg("vector", f.Kind)
	printReg("esr", f.ESR)
	printReg("far", f.FAR)
	printReg("tid", uint64(threads[current].tid))
	printString("\n")
	printReg("pc", f.PC)
	printReg("sp", f.SP)
	printReg("lr", f.X[30])
	printReg("pstate", f.PSTATE)
	printString("\n")
	for i := 0; i < 29; i++ {
		printString("x")
		printDec(int64(i))
		printReg("", f.X[i])
		if i%4 == 3 {
			printString("\n")
		}
	}
	printString("\n")
	printBacktrace(f.PC, f.X[29])
	exitVM(exitFault)
}
