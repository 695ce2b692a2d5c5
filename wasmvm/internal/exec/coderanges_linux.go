//go:build linux && (amd64 || arm64)

package exec

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

// maxCodeRanges bounds the code regions a signal handler knows: one per
// module loaded in the process (code is never unmapped; a test process
// that runs the spec suites in both memory modes loads some 9000).
const maxCodeRanges = 1 << 16

// rangeSet is a set of code regions that a signal handler reads: pairs
// of start and end addresses, the first count of them valid. The
// handlers (guard_linux_$GOARCH.s, interrupt_linux_amd64.s) find count
// and bounds through go_asm.h.
type rangeSet struct {
	count  uint64
	bounds [2 * maxCodeRanges]uintptr
	mu     sync.Mutex
}

var (
	// guardRanges holds the code of guard-region modules: a fault there
	// is an out-of-bounds access.
	guardRanges rangeSet
	// runRanges holds all code: an interruption signal there stops it.
	runRanges rangeSet
)

// add appends c's region to the set.
func (s *rangeSet) add(c *Code) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := atomic.LoadUint64(&s.count)
	if n >= maxCodeRanges {
		return fmt.Errorf("more than %d code regions", maxCodeRanges)
	}
	start := uintptr(unsafe.Pointer(&c.mem[0]))
	s.bounds[2*n], s.bounds[2*n+1] = start, start+uintptr(len(c.mem))
	atomic.StoreUint64(&s.count, n+1)
	return nil
}
