package kernel

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// perCPU is the per-processor block addressed through GS (layout shared
// with entry_amd64.s; the first processor's is cpu0, defined there).
type perCPU struct {
	self      uintptr
	scratch   uintptr
	kstackTop uintptr // kernel stack of the running thread
	inKernel  uint64  // 1 while kernel code runs
	kernelG   uintptr // stand-in goroutine of the running thread
	nestedG   uintptr // stand-in goroutine of the interrupt stacks
	xsaveSize uint64  // bytes reserved for XSAVE on each entry
	scratch2  uintptr
}

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

// Defined in entry_amd64.s.
func thisCPU() uintptr
func switchContext(save *uintptr, sp, fsBase uintptr)
func forkReturnPC() uintptr
func returnToUser()
func syscallEntry()
func trapVectors()

var earlyKernelStack [65536]byte

func currentCPU() *perCPU { return (*perCPU)(cpu.Pointer(thisCPU())) }

func addr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }
