package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Kernel stacks live in the upper half of the address space.
const kstackRegion = 0xFFFF800000000000

// initThreads makes the running context thread 1 (on the early kernel
// stack) and prepares the idle thread.
func initThreads() {
	t := &threads[1]
	t.state, t.tid = threadRunning, 1
	t.kstackLo = addr(&earlyKernelStack[0])
	t.kstackHi = t.kstackLo + uintptr(len(earlyKernelStack))
	t.g.setStack(t.kstackLo, t.kstackHi)
	t.tls = uintptr(cpu.ReadMSR(msrFSBase))
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
	idle.tls = addr(&idleTLS[1])
	idleTLS[0] = uint64(addr(&idle.g))
	// switchContext pops BP and returns into idleStart.
	sp := idle.kstackHi - 16
	*(*uintptr)(cpu.Pointer(sp)) = 0
	*(*uintptr)(cpu.Pointer(sp + 8)) = idleStartPC()
	idle.ksp = sp
}

// idleTLS is the idle thread's thread-local block: FS points at its
// second word; the first holds the idle thread's stand-in goroutine.
var idleTLS [2]uint64

const msrFSBase = 0xC0000100

// initChildContext gives the new thread t its first frame: the parent's
// frame f, returning 0 in RAX on stack (when not 0), with the extended
// state copied and the goroutine slot of t's thread-local block.
func initChildContext(t *thread, f *TrapFrame, stack uintptr) {
	// The child's first frame: the parent's, returning 0 on the new stack,
	// with the extended state copied.
	size := uintptr(currentCPU().xsaveSize)
	frameAddr := t.kstackHi - sizeofTrapFrame
	child := (*TrapFrame)(cpu.Pointer(frameAddr))
	*child = *f
	child.RAX = 0
	if stack != 0 {
		child.RSP = uint64(stack)
	}
	child.SavedG = 0
	if t.tls >= 8 && readable(t.tls-8) {
		child.SavedG = *(*uint64)(cpu.Pointer(t.tls - 8))
	}
	xsave := (frameAddr - size) &^ 63
	copy((*[1 << 16]byte)(cpu.Pointer(xsave))[:size:size], (*[1 << 16]byte)(cpu.Pointer(uintptr(f.XSave)))[:size:size])
	child.XSave = uint64(xsave)
	// switchContext pops BP and returns into forkReturn, which pops the
	// frame address.
	sp := xsave - 24
	*(*uintptr)(cpu.Pointer(sp)) = 0
	*(*uintptr)(cpu.Pointer(sp + 8)) = forkReturnPC()
	*(*uintptr)(cpu.Pointer(sp + 16)) = frameAddr
	t.ksp = sp
}

const sizeofTrapFrame = 24 * 8
