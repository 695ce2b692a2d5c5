package kernel

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// userPointer turns an address passed by the program into a pointer. The
// program and the kernel share one address space; a bad address faults in
// the kernel, which stops the VM with a report.
//
//go:nosplit
func userPointer(a uintptr) unsafe.Pointer { return cpu.Pointer(a) }
