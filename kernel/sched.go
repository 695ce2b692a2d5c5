package kernel

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

// The scheduler: one processor, a FIFO run queue, preemption by the local
// APIC timer after a time slice, and blocked threads woken by futex wakes,
// eventfd writes, console input or their deadline. Kernel code runs with
// interrupts off, so nothing here needs a lock.

const timeSlice = 10_000_000 // ns

var (
	runHead, runTail int32 = -1, -1
	sliceEnd         int64 // when the running thread's slice ends
)

func enqueue(i int32) {
	threads[i].next = -1
	if runTail < 0 {
		runHead = i
	} else {
		threads[runTail].next = i
	}
	runTail = i
}

func dequeue() int32 {
	i := runHead
	if i >= 0 {
		runHead = threads[i].next
		if runHead < 0 {
			runTail = -1
		}
	}
	return i
}

// schedule switches to the next runnable thread, or to the idle thread
// when there is none. The caller has set the current thread's state (and
// queued it if it stays runnable). It returns when the current thread
// runs again.
func schedule() {
	next := dequeue()
	if next < 0 {
		next = idleThread
	}
	prev := current
	if next == prev {
		threads[prev].state = threadRunning
		return
	}
	current = next
	t := &threads[next]
	t.state = threadRunning
	c := currentCPU()
	c.kstackTop = t.kstackHi
	c.kernelG = addr(&t.g)
	sliceEnd = monotonicNow() + timeSlice
	switchContext(&threads[prev].ksp, t.ksp, t.tls)
	reapZombies()
}

// reapZombies frees the slots of exited threads (never the running one:
// its stack is in use).
func reapZombies() {
	for i := int32(2); i < slotsUsed; i++ {
		if threads[i].state == threadZombie && i != current {
			threads[i].state = threadFree
		}
	}
}

// preempt gives the processor to the next runnable thread when the
// running thread's slice is over (called on timer interrupts that
// interrupted Go code).
func preempt() {
	if runHead < 0 || current == idleThread || monotonicNow() < sliceEnd {
		return
	}
	threads[current].state = threadRunnable
	enqueue(current)
	schedule()
}

// yield puts the running thread at the end of the run queue.
func yield() {
	if runHead < 0 {
		return
	}
	threads[current].state = threadRunnable
	enqueue(current)
	schedule()
}

// block suspends the running thread until wake (or its deadline, a
// monotonic time in ns, 0 for none) and reports whether the deadline
// ended the wait.
func block(kind uint32, waitAddr uintptr, deadline int64) (timedOut bool) {
	t := &threads[current]
	t.state = threadBlocked
	t.waitKind, t.waitAddr, t.deadline, t.timedOut = kind, waitAddr, deadline, false
	schedule()
	t.waitKind = waitNone
	return t.timedOut
}

// wake makes blocked thread i runnable.
func wake(i int32) {
	t := &threads[i]
	if t.state != threadBlocked {
		return
	}
	t.state = threadRunnable
	t.deadline = 0
	enqueue(i)
}

// wakeAll wakes every thread blocked on kind (and waitAddr, unless 0) and
// returns how many it woke, at most max (max < 0: no limit).
func wakeAll(kind uint32, waitAddr uintptr, max int) int {
	n := 0
	for i := int32(1); i < slotsUsed && (max < 0 || n < max); i++ {
		t := &threads[i]
		if t.state == threadBlocked && t.waitKind == kind && (waitAddr == 0 || t.waitAddr == waitAddr) {
			wake(i)
			n++
		}
	}
	return n
}

// wakeExpired wakes the threads whose deadline has passed.
func wakeExpired(now int64) {
	for i := int32(1); i < slotsUsed; i++ {
		t := &threads[i]
		if t.state == threadBlocked && t.deadline != 0 && t.deadline <= now {
			wake(i)
			t.timedOut = true
		}
	}
}

// armTimer programs the timer for the earliest of the blocked threads'
// deadlines and, when others wait to run, the end of the time slice.
func armTimer() {
	var next int64
	for i := int32(1); i < slotsUsed; i++ {
		t := &threads[i]
		if t.state == threadBlocked && t.deadline != 0 && (next == 0 || t.deadline < next) {
			next = t.deadline
		}
	}
	if runHead >= 0 && current != idleThread && (next == 0 || sliceEnd < next) {
		next = sliceEnd
	}
	if next == 0 {
		stopTimer()
		return
	}
	startTimerAt(next)
}

// idleLoop runs on the idle thread: it waits for interrupts and hands the
// processor to any thread they made runnable.
func idleLoop() {
	for {
		wakeExpired(monotonicNow())
		if runHead >= 0 {
			threads[idleThread].state = threadRunnable
			schedule()
			continue
		}
		armTimer()
		cpu.WaitForInterrupt()
	}
}

// idleStartPC returns the address the idle thread starts at
// (entry_amd64.s), which calls idleLoop.
func idleStartPC() uintptr
