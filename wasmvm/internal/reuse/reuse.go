// Package reuse keeps the large scratch arrays of preparing one function
// (the allocator's arenas, the machine instruction arrays, the value
// numbering's tables) for the next function of the modules being
// compiled, and lets go of them when the last compile ends.
//
// sync.Pool, which the compiler used before, keeps what it holds through
// one more collection: the collection that follows a compile (the
// collector's target falls back when it ends, mach/gcpace.go) found tens
// of megabytes of pooled, pointer-rich arrays live and marked them all,
// in the compile's time. A Pool here holds its objects only while a
// compile runs (between Begin and End), so that when the last compile
// ends they are garbage that no collection scans. See RATIONALE, "Why
// are the compiler's scratch arrays not kept in sync.Pools?".
package reuse

import (
	"sync"
	"sync/atomic"
)

// A Pool holds objects of type T free for reuse by the functions of the
// modules being compiled. Its zero value is not usable: make one with
// NewPool, once per kind of object (a package-level variable).
type Pool[T any] struct {
	mu   sync.Mutex
	free []*T
}

// compiles counts the compiles running (Begin without its End); pools
// lists every Pool, for End to empty.
var (
	compiles atomic.Int32
	poolsMu  sync.Mutex
	pools    []interface{ drop() }
)

// NewPool returns an empty pool, registered to be emptied when the last
// compile ends.
func NewPool[T any]() *Pool[T] {
	p := new(Pool[T])
	poolsMu.Lock()
	pools = append(pools, p)
	poolsMu.Unlock()
	return p
}

// Get returns a free object, or a new zero one when none is free. Its
// contents are whatever its last user left.
func (p *Pool[T]) Get() *T {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.free)
	if n == 0 {
		return new(T)
	}
	x := p.free[n-1]
	p.free[n-1] = nil
	p.free = p.free[:n-1]
	return x
}

// Put gives x back for reuse. Outside a compile it is dropped: nothing
// would empty the pool again.
func (p *Pool[T]) Put(x *T) {
	if x == nil || compiles.Load() == 0 {
		return
	}
	p.mu.Lock()
	p.free = append(p.free, x)
	p.mu.Unlock()
}

func (p *Pool[T]) drop() {
	p.mu.Lock()
	clear(p.free)
	p.free = p.free[:0]
	p.mu.Unlock()
}

// Begin marks the start of a compile: the pools keep what their users put
// back until the matching End.
func Begin() { compiles.Add(1) }

// End marks the end of a compile begun with Begin. When no other compile
// runs, every pool lets go of its objects.
func End() {
	poolsMu.Lock()
	defer poolsMu.Unlock()
	if compiles.Add(-1) > 0 {
		return
	}
	for _, p := range pools {
		p.drop()
	}
}
