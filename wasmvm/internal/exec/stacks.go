package exec

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The signal handlers of amd64 (guard_linux_amd64.s,
// interrupt_linux_amd64.s) find the execution context of the code a
// signal stopped through the stack it runs on, not through R15: a
// function may hold a value in R15, its context saved in its frame
// (RATIONALE: "Why may an amd64 function allocate R15, and how do the
// signal handlers find the context?"). Every Stack is registered in
// runStacks with its bounds, and Call records there the context that
// runs on it.

// maxStacks bounds the stacks that exist at once (the engines keep one
// per call chain that runs at the same time).
const maxStacks = 1 << 13

// stackEntry is a registered stack: its bounds [lo, hi) and the context
// of the call chain running on it (0 while none does). The handlers read
// it through go_asm.h (stackEntry__size, stackSet_entries).
type stackEntry struct {
	lo, hi uintptr
	ctx    uintptr
}

// stackSet is the set of stacks a signal handler reads: the first count
// entries, of which free ones have hi 0.
type stackSet struct {
	count   uint64
	entries [maxStacks]stackEntry
	mu      sync.Mutex
	free    []int
}

// runStacks holds every Stack.
var runStacks stackSet

// add registers the stack [lo, hi) and returns its entry's index.
func (s *stackSet) add(lo, hi uintptr) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var i int
	if n := len(s.free); n > 0 {
		i, s.free = s.free[n-1], s.free[:n-1]
	} else {
		n := atomic.LoadUint64(&s.count)
		if n >= maxStacks {
			return 0, fmt.Errorf("register stack: more than %d stacks", maxStacks)
		}
		i = int(n)
	}
	e := &s.entries[i]
	atomic.StoreUintptr(&e.ctx, 0)
	atomic.StoreUintptr(&e.lo, lo)
	atomic.StoreUintptr(&e.hi, hi)
	if uint64(i) == atomic.LoadUint64(&s.count) {
		atomic.StoreUint64(&s.count, uint64(i)+1)
	}
	return i, nil
}

// remove unregisters the stack of entry i. No code may run on it: a
// handler that still reads the entry finds no stack pointer in it.
func (s *stackSet) remove(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &s.entries[i]
	atomic.StoreUintptr(&e.hi, 0)
	atomic.StoreUintptr(&e.lo, 0)
	atomic.StoreUintptr(&e.ctx, 0)
	s.free = append(s.free, i)
}

// enter records ctx as the context running on the stack of e and returns
// the one it replaces (a host call may run another call chain on the
// same stack, below the frames of the first), for leave.
func (e *stackEntry) enter(ctx *Context) uintptr {
	if e == nil {
		return 0
	}
	return atomic.SwapUintptr(&e.ctx, uintptr(unsafe.Pointer(ctx)))
}

// leave restores the context that enter replaced.
func (e *stackEntry) leave(prev uintptr) {
	if e != nil {
		atomic.StoreUintptr(&e.ctx, prev)
	}
}
