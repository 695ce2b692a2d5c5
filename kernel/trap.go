package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// What every architecture's trap handling shares: the fatal paths and the
// backtrace. The trap frame, the dispatch of vectors and the register
// dump are in trap_GOARCH.go.

// exitFault is the VM exit status when the kernel stops on a fault it
// cannot hand to the program.
const exitFault = 125

// fatal stops the VM on an inconsistency found by kernel code.
func fatal(what string, v uint64) {
	printString("\nkernel: fatal: ")
	printString(what)
	printString(" ")
	printHex(v)
	printString("\n")
	exitVM(exitFault)
}

// printBacktrace prints "pc=" lines for pc and the return addresses of
// the frame-pointer chain starting at bp, as far as it stays in mapped
// memory. Go keeps the same frame record on x86-64 and arm64: the caller's
// frame pointer at bp and the return address at bp+8.
func printBacktrace(pc, bp uint64) {
	printString("backtrace:\n")
	printString("  pc=")
	printHex(pc)
	printString("\n")
	for i := 0; i < 32 && bp != 0 && bp&7 == 0; i++ {
		if !readable(uintptr(bp)) || !readable(uintptr(bp+8)) {
			break
		}
		ret := *(*uint64)(cpu.Pointer(uintptr(bp + 8)))
		next := *(*uint64)(cpu.Pointer(uintptr(bp)))
		if ret == 0 {
			break
		}
		printString("  pc=")
		printHex(ret)
		printString("\n")
		if next <= bp {
			break
		}
		bp = next
	}
}

// readable reports whether addr is mapped (identity map or a present
// page), so the fatal path never faults itself.
func readable(addr uintptr) bool {
	if addr < physLimit {
		return identityMapped(addr)
	}
	e := pte(addr, false)
	return e != 0 && *(*uint64)(cpu.Pointer(e))&ptePresent != 0
}

// printReg writes "name=value " for the register dumps of the fatal
// paths.
func printReg(name string, v uint64) {
	printString(name)
	printString("=")
	printHex(v)
	printString(" ")
}
