package mach

import (
	"runtime"
	"sync"
)

// pipelineWindow is how many functions per worker may be prepared ahead
// of the one being emitted: it bounds the memory held by allocations
// waiting for their turn.
const pipelineWindow = 16

// pipeline runs prepare(0..n-1) on up to GOMAXPROCS worker goroutines and
// hands the results to emit in index order on the calling goroutine, as
// they become ready, so that emitting overlaps preparing; an emitted
// function's arrays are released for reuse. At most window
// functions are prepared and not yet emitted at any time. It stops at the
// first error in index order (of prepare or emit) and returns it, once
// every worker has stopped.
//
// Function first is prepared before the others (first < 0 takes none out
// of order): the caller names its largest function. With more than one
// worker it is taken first when it lies in the first window, so that its
// preparation, the longest path through the module's compile, does not
// start after the functions before it; a single worker prepares it first
// wherever it lies (see sequential).
func pipeline(n, first int, prepare func(k int) (*Allocation, error), emit func(*Allocation) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		return sequential(n, first, prepare, emit)
	}
	type result struct {
		a   *Allocation
		err error
	}
	window := workers * pipelineWindow
	// Function k's result goes to slot k%window: the functions taken and
	// not yet emitted are consecutive and at most window, so they use
	// distinct slots. Taking first (below window) early keeps them apart:
	// while it waits, they lie between the lowest one not emitted and
	// first, at most window apart; once the others have passed it, they
	// are consecutive again.
	if first >= min(n, window) {
		first = -1
	}
	slots := make([]chan result, window)
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	tokens := make(chan struct{}, window) // one per function taken and not yet emitted
	quit := make(chan struct{})
	var mu sync.Mutex
	next := 0
	take := func() (int, bool) {
		select {
		case tokens <- struct{}{}:
		case <-quit:
			return 0, false
		}
		mu.Lock()
		defer mu.Unlock()
		if next >= n {
			return 0, false
		}
		next++
		return takeOrder(next-1, first), true
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k, ok := take(); ok; k, ok = take() {
				a, err := prepare(k)
				slots[k%window] <- result{a, err}
			}
		}()
	}
	var err error
	for k := 0; k < n && err == nil; k++ {
		r := <-slots[k%window]
		err = r.err
		if err == nil {
			if err = emit(r.a); err == nil {
				r.a.Release()
			}
		}
		<-tokens
	}
	close(quit)
	wg.Wait()
	return err
}

// sequential is pipeline with one worker: it prepares function first (when
// 0 <= first < n), holds it until its turn, and prepares and emits the
// others in index order. The functions prepared after the largest reuse
// the scratch arrays it leaves (the allocator's arenas and input, the
// value numbering's tables: reuse.go), which are large enough for all of
// them, instead of growing their own as larger functions come: ed25519
// allocates 54.0 MB instead of 62.3. Errors are still the first in index
// order: a failure of first's preparation is returned in its turn.
func sequential(n, first int, prepare func(k int) (*Allocation, error), emit func(*Allocation) error) error {
	var held *Allocation
	var heldErr error
	if first >= 0 && first < n {
		held, heldErr = prepare(first)
	}
	for k := range n {
		var a *Allocation
		var err error
		if k == first {
			a, err, held = held, heldErr, nil
		} else {
			a, err = prepare(k)
		}
		if err == nil {
			err = emit(a)
		}
		if err != nil {
			if held != nil {
				held.Release()
			}
			return err
		}
		a.Release()
	}
	return nil
}

// takeOrder is the index of the i-th function taken when function first
// goes before the others (none does when first < 0).
func takeOrder(i, first int) int {
	switch {
	case first < 0 || i > first:
		return i
	case i == 0:
		return first
	}
	return i - 1
}
