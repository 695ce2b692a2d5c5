package kernel

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

// Defined in entry_amd64.s.
func thisCPU() uintptr
func switchContext(save *uintptr, sp, tls uintptr)
func forkReturnPC() uintptr
func returnToUser()
func syscallEntry()
func trapVectors()
