package kernel

// perCPU is the per-processor block addressed through TPIDR_EL1 (layout
// shared with entry_arm64.s; the first processor's is cpu0, defined there).
type perCPU struct {
	self      uintptr
	kstackTop uintptr // kernel stack of the running thread
	kernelG   uintptr // stand-in goroutine of the running thread
}

// Defined in entry_arm64.s.
func thisCPU() uintptr
func switchContext(save *uintptr, sp, tls uintptr)
func forkReturnPC() uintptr
func returnFromTrap()
func exceptionVectors()
