package kernel

// Kernel threads. Every Linux thread the Go runtime creates with clone is
// a kernel thread with its own kernel stack (mapped above the program's
// memory, with an unmapped guard page below it), its own thread pointer
// (FS base on x86-64, TPIDR_EL0 on arm64) and, on its kernel stack while it is in the kernel, its saved
// registers and extended state. Slot 0 is the idle thread; slot 1 the
// first thread of the program.

const (
	maxThreads     = 256
	kstackSize     = 64 << 10
	kstackSlotSize = kstackSize + pageSize // guard page below each stack
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
	tls      uintptr // thread pointer register
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
	// slotsUsed bounds the slots ever used: every slot at or above it
	// is free, so the scheduler's scans stop there rather than at
	// maxThreads (they run on every trap).
	slotsUsed int32 = 2
)

const idleThread = 0

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
// starts where the creator returns from clone, with 0 as clone's result,
// the given stack and, with CLONE_SETTLS, the given thread pointer.
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
	slotsUsed = max(slotsUsed, slot+1)
	t := &threads[slot]
	if t.kstackLo == 0 && !allocKernelStack(slot) {
		return 0, eNOMEM
	}
	parent := &threads[current]
	t.tid = nextTID
	nextTID++
	t.tls = parent.tls
	if flags&cloneSetTLS != 0 {
		t.tls = tls
	}
	t.sigMask = parent.sigMask
	t.altStackSP, t.altStackLen, t.altFlags = 0, 0, ssDisable
	t.waitKind, t.deadline, t.timedOut = waitNone, 0, false

	initChildContext(t, f, stack)
	t.state = threadRunnable
	enqueue(slot)
	return uintptr(t.tid), 0
}

// sysExit ends the calling thread. Its kernel stack stays mapped for the
// next thread in its slot; the runtime has already stopped using the
// thread's own stack.
func sysExit() {
	threads[current].state = threadZombie
	schedule()
	fatal("exited thread resumed", uint64(current))
}
