package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Kernel stacks live at the top of the 48-bit address space TTBR0 maps,
// above everything mmap hands out.
const kstackRegion = 0x0000FF8000000000

// initThreads makes the running context thread 1 (on the early kernel
// stack) and prepares the idle thread.
func initThreads() {
	t := &threads[1]
	t.state, t.tid = threadRunning, 1
	t.kstackLo = addr(&earlyKernelStack[0])
	t.kstackHi = t.kstackLo + uintptr(len(earlyKernelStack))
	t.g.setStack(t.kstackLo, t.kstackHi)
	t.altFlags = ssDisable
	current = 1
	c := currentCPU()
	c.kernelG = addr(&t.g)
	c.kstackTop = t.kstackHi

	idle := &threads[idleThread]
	if !allocKernelStack(idleThread) {
		fatal("no memory for the idle thread's stack", 0)
	}
	idle.state, idle.tid = threadRunnable, 0
	// switchContext pops the frame pointer and the return address, and
	// returns into idleStart.
	sp := idle.kstackHi - 16
	*(*uintptr)(cpu.Pointer(sp)) = 0
	*(*uintptr)(cpu.Pointer(sp + 8)) = idleStartPC()
	idle.ksp = sp
}

// initChildContext gives the new thread t its first frame: the parent's
// frame f, returning 0 in x0, on stack (when not 0), FP/SIMD state
// included. The Go runtime's clone child finds its m, g and function on
// that stack.
func initChildContext(t *thread, f *TrapFrame, stack uintptr) {
	frameAddr := t.kstackHi - sizeofTrapFrame
	child := (*TrapFrame)(cpu.Pointer(frameAddr))
	*child = *f
	child.X[0] = 0
	if stack != 0 {
		child.SP = uint64(stack)
	}
	// switchContext pops the frame pointer and the return address, and
	// returns into forkReturn with the stack at the frame.
	sp := frameAddr - 16
	*(*uintptr)(cpu.Pointer(sp)) = 0
	*(*uintptr)(cpu.Pointer(sp + 8)) = forkReturnPC()
	t.ksp = sp
}
