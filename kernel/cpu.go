package kernel

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// kernelG stands in for a runtime.g while kernel code runs: Go's stack
// checks read stack.lo, stack.hi and stackguard0 through the goroutine
// register; everything after them (m included) stays zero.
type kernelG struct {
	stackLo, stackHi, stackGuard0, stackGuard1 uintptr
	_                                          [12]uintptr
}

// stackGuard is the room below stackGuard0 that nosplit functions may use.
const stackGuard = 2048

func (g *kernelG) setStack(lo, hi uintptr) {
	g.stackLo, g.stackHi = lo, hi
	g.stackGuard0, g.stackGuard1 = lo+stackGuard, lo+stackGuard
}

var earlyKernelStack [65536]byte

func currentCPU() *perCPU { return (*perCPU)(cpu.Pointer(thisCPU())) }

func addr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }
