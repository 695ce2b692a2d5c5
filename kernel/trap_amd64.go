package kernel

import (
	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// TrapFrame is what the entry code saves on every entry (entry_amd64.s
// builds it; the order is fixed there): the extended-state area, the
// goroutine slot of the interrupted code, the general registers, the
// vector and error code, and the processor's interrupt frame.
type TrapFrame struct {
	XSave, SavedG                               uint64
	R15, R14, R13, R12, R11, R10, R9, R8        uint64
	RBP, RDI, RSI, RDX, RCX, RBX, RAX           uint64
	Vector, ErrorCode, RIP, CS, RFLAGS, RSP, SS uint64
}

// Vectors.
const (
	vectorDivide     = 0
	vectorDebug      = 1
	vectorBreakpoint = 3
	vectorInvalidOp  = 6
	vectorDouble     = 8
	vectorGeneral    = 13
	vectorPageFault  = 14
	vectorFPU        = 16
	vectorSIMD       = 19
	vectorTimer      = 0x20
	vectorSerial     = 0x24
	vectorSpurious   = 0xFF
	vectorSyscall    = 0x100
)

var exceptionNames = [...]string{
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization", "control protection",
}

var booted bool

// trap is called by the entry code for every system call, interrupt and
// exception, with interrupts off, on a kernel or interrupt stack.
func trap(f *TrapFrame) {
	if !booted {
		booted = true
		earlyInit()
	}
	nested := isNested(f)
	switch v := f.Vector; {
	case v == vectorSyscall:
		syscall(f)
	case v == vectorTimer:
		lapic.EOI()
		wakeExpired(monotonicNow())
		if !nested {
			preempt()
		}
	case v == vectorSerial:
		serialInterrupt()
		lapic.EOI()
	case v == vectorSpurious:
	case v == vectorPageFault:
		pageFault(f, nested)
	case v < 32:
		exception(f, nested)
	default:
		lapic.EOI()
	}
	if !nested {
		armTimer()
		// Go code runs with interrupts on (boot entered the runtime with
		// them off, before the kernel could take them).
		f.RFLAGS |= flagIF
	}
}

const flagIF = 0x200

// isNested reports whether f was saved on an interrupt stack, that is,
// whether the entry interrupted kernel code.
func isNested(f *TrapFrame) bool {
	lo, hi := boot.ISTStacks()
	a := addr(f)
	return a >= lo && a < hi
}

func pageFault(f *TrapFrame, nested bool) {
	fault := cpu.CR2()
	const errPresent, errWrite = 1, 2
	if demandFault(fault, f.ErrorCode&errWrite != 0) {
		return
	}
	if nested {
		fatalFrame("page fault in the kernel", f, uint64(fault))
	}
	code := int32(segvMapErr)
	if f.ErrorCode&errPresent != 0 || findRegion(fault) >= 0 {
		code = segvAccErr
	}
	deliverFault(f, sigSEGV, code, fault)
}

func exception(f *TrapFrame, nested bool) {
	if nested || f.Vector == vectorDouble {
		fatalFrame(exceptionName(f.Vector), f, 0)
	}
	switch f.Vector {
	case vectorDivide:
		deliverFault(f, sigFPE, fpeIntDiv, uintptr(f.RIP))
	case vectorFPU, vectorSIMD:
		deliverFault(f, sigFPE, 0, uintptr(f.RIP))
	case vectorInvalidOp:
		deliverFault(f, sigILL, illOpc, uintptr(f.RIP))
	case vectorDebug, vectorBreakpoint:
		deliverFault(f, sigTRAP, 0, uintptr(f.RIP))
	case vectorGeneral:
		deliverFault(f, sigSEGV, siKernel, 0)
	default:
		fatalFrame(exceptionName(f.Vector), f, 0)
	}
}

func exceptionName(v uint64) string {
	if v < uint64(len(exceptionNames)) {
		return exceptionNames[v]
	}
	return "exception"
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
	printReg("vector", f.Vector)
	printReg("error", f.ErrorCode)
	printReg("tid", uint64(threads[current].tid))
	printString("\n")
	printReg("rip", f.RIP)
	printReg("rsp", f.RSP)
	printReg("rbp", f.RBP)
	printReg("rflags", f.RFLAGS)
	printString("\n")
	printReg("rax", f.RAX)
	printReg("rbx", f.RBX)
	printReg("rcx", f.RCX)
	printReg("rdx", f.RDX)
	printString("\n")
	printReg("rsi", f.RSI)
	printReg("rdi", f.RDI)
	printReg("r8", f.R8)
	printReg("r9", f.R9)
	printString("\n")
	printReg("r10", f.R10)
	printReg("r11", f.R11)
	printReg("r12", f.R12)
	printReg("r13", f.R13)
	printString("\n")
	printReg("r14", f.R14)
	printReg("r15", f.R15)
	printReg("cr2", uint64(cpu.CR2()))
	printString("\n")
	printBacktrace(f.RIP, f.RBP)
	exitVM(exitFault)
}

// identityMapped reports whether addr, below physLimit, is mapped by the
// identity map boot built (all of it but page 0).
func identityMapped(addr uintptr) bool { return addr >= pageSize }
