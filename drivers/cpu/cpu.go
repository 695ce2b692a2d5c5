// Package cpu gives the kernel, its boot code and its drivers the
// processor instructions Go cannot express: port I/O, model-specific
// registers, control registers, CPUID, the time-stamp counter, hardware
// random numbers and interrupt control. Each function is a few
// instructions of assembly, safe to call from any kernel context (they
// touch no memory of their own and never block).
//
// Everything here needs ring 0 (or EL1 on arm64); in an ordinary process
// most of these instructions fault.
package cpu

import "unsafe"

// Pointer converts an address the kernel owns (a physical address under
// the identity map, a device register, a page it mapped) into a pointer.
// Such addresses are not Go heap memory, so the conversion rules for
// uintptr do not apply; this is the one place that says so.
//
//go:nosplit
func Pointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}
