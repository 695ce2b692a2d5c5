package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// Kernel threads. Every Linux thread the Go runtime creates with clone is
// a kernel thread with its own kernel stack (mapped in the upper half,
// with an unmapped guard page below it), its own thread-local block (FS
// base) and, on its kernel stack while it is in the kernel, its saved
// registers and extended state. Slot 0 is the idle thread; slot 1 the
// first thread of the program.

const (
	maxThreads     = 256
	kstackSize     = 64 << 10
	kstackSlotSize = kstackSize + pageSize // guard page below each stack
	kstackRegion   = 0xFFFF800000000000
)

type threadState uint32

const (
	threadFree threadState = iota
	threadRunnable
	threadRunning
	threadBlocked
	threadZombie
)

// What a blocked thread waits for.
const (
	waitNone = iota
	waitFutex
	waitSleep
	waitEpoll
	waitConsole
	waitEventfd
)

type thread struct {
	state    threadState
	tid      int32
	ksp      uintptr // kernel stack pointer while switched out
	fsBase   uintptr
	kstackLo uintptr
	kstackHi uintptr
	g        kernelG
	next     int32 // run queue link

	waitKind  uint32
	waitAddr  uintptr
	deadline  int64 // monotonic ns, 0: none
	timedOut  bool
	interrupt bool

	sigMask     uint64
	altStackSP  uintptr
	altStackLen uintptr
	altFlags    int32
}

var (
	threads [maxThreads]thread
	current int32 // running thread (one processor)
	nextTID int32 = 2
)

const idleThread = 0

// initThreads makes the running context thread 1 (on the early kernel
// stack) and prepares the idle thread.
func initThreads() {
	t := &threads[1]
	t.state, t.tid = threadRunning, 1
	t.kstackLo = addr(&earlyKernelStack[0])
	t.kstackHi = t.kstackLo + uintptr(len(earlyKernelStack))
	t.g.setStack(t.kstackLo, t.kstackHi)
	t.fsBase = uintptr(cpu.ReadMSR(msrFSBase))
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
	idle.fsBase = addr(&idleTLS[1])
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

const (
	msrFSBase = 0xC0000100
	ssDisable = 2
)

// allocKernelStack maps the kernel stack of slot i.
func allocKernelStack(i int32) bool {
	t := &threads[i]
	lo := uintptr(kstackRegion) + uintptr(i)*kstackSlotSize + pageSize
	for va := lo; va < lo+kstackSize; va += pageSize {
		f := allocFrame()
		if f == 0 || !mapPage(va, f, true) {
			return false
		}
	}
	t.kstackLo, t.kstackHi = lo, lo+kstackSize
	t.g.setStack(lo, lo+kstackSize)
	return true
}

// Clone flags the Go runtime passes for a new thread.
const (
	cloneVM      = 0x100
	cloneThread  = 0x10000
	cloneSetTLS  = 0x80000
	cloneVFork   = 0x4000
	cloneNewMask = cloneVM | cloneThread
)

// sysClone creates a thread that shares everything with its creator and
// starts where the creator returns from clone, with 0 in RAX, the given
// stack and, with CLONE_SETTLS, the given FS base.
func sysClone(f *TrapFrame, flags, stack, tls uintptr) (uintptr, errno) {
	if flags&cloneNewMask != cloneNewMask {
		return 0, eNOSYS // processes (fork) do not exist here
	}
	slot := int32(-1)
	for i := int32(2); i < maxThreads; i++ {
		if threads[i].state == threadFree {
			slot = i
			break
		}
	}
	if slot < 0 {
		return 0, eAGAIN
	}
	t := &threads[slot]
	if t.kstackLo == 0 && !allocKernelStack(slot) {
		return 0, eNOMEM
	}
	parent := &threads[current]
	t.tid = nextTID
	nextTID++
	t.fsBase = parent.fsBase
	if flags&cloneSetTLS != 0 {
		t.fsBase = tls
	}
	t.sigMask = parent.sigMask
	t.altStackSP, t.altStackLen, t.altFlags = 0, 0, ssDisable
	t.waitKind, t.deadline, t.timedOut = waitNone, 0, false

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
	if t.fsBase >= 8 && readable(t.fsBase-8) {
		child.SavedG = *(*uint64)(cpu.Pointer(t.fsBase - 8))
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
	t.state = threadRunnable
	enqueue(slot)
	return uintptr(t.tid), 0
}

const sizeofTrapFrame = 24 * 8

// sysExit ends the calling thread. Its kernel stack stays mapped for the
// next thread in its slot; the runtime has already stopped using the
// thread's own stack.
func sysExit() {
	threads[current].state = threadZombie
	schedule()
	fatal("exited thread resumed", uint64(current))
}
