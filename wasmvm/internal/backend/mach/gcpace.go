package mach

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/reuse"
)

// compileHeadroom is how much the heap may grow past its live data before
// the collector runs while a module compiles. The live data of a compile
// is small (the module, the code emitted so far), its garbage large (every
// function's SSA, machine instructions and intervals, dead once the
// function is emitted): at the default growth target of 100%, the
// collector would run every few megabytes allocated, and cost a third of
// the compile's CPU time. See RATIONALE, "Why does compiling raise the
// collector's target?".
const compileHeadroom = 32 << 20

// gcPace raises the collector's growth target (GOGC) while modules
// compile, to leave the heap compileHeadroom above its live data, never
// below the target the process set: when the first compile starts it
// records that target, and when the last one ends it puts it back.
var gcPace struct {
	mu     sync.Mutex
	active int  // compiles running
	saved  int  // the process's target, to put back
	set    int  // the target last set
	off    bool // the process runs without the collector: nothing to do
}

// paceCompile raises the collector's target for a compile; the compile
// calls repace as its live data grows, and the function returned when it
// ends.
//
// It also scopes the reuse of scratch arrays between functions
// (reuse.Begin): when the last compile ends they are let go, garbage
// before the collection the fall of the target brings on.
func paceCompile() (end func()) {
	adviseCompileHeap()
	reuse.Begin()
	gcPace.mu.Lock()
	defer gcPace.mu.Unlock()
	if gcPace.active == 0 {
		gcPace.saved = gcPercent()
		gcPace.off, gcPace.set = gcPace.saved < 0, gcPace.saved
	}
	gcPace.active++
	repaceLocked()
	return func() {
		reuse.End()
		gcPace.mu.Lock()
		defer gcPace.mu.Unlock()
		gcPace.active--
		if gcPace.active == 0 && !gcPace.off {
			debug.SetGCPercent(gcPace.saved)
		}
	}
}

// repace sets the collector's target for the live data now: as the heap
// of a large module's compile grows, the target falls back towards the
// process's own.
func repace() {
	gcPace.mu.Lock()
	defer gcPace.mu.Unlock()
	repaceLocked()
}

func repaceLocked() {
	if gcPace.off || gcPace.active == 0 {
		return
	}
	percent := gcPace.saved
	if live := heapLive(); live > 0 {
		percent = max(percent, int(min(compileHeadroom*100/live, maxCompileGCPercent)))
	}
	if percent != gcPace.set {
		debug.SetGCPercent(percent)
		gcPace.set = percent
	}
}

// maxCompileGCPercent bounds the target for a nearly empty heap.
const maxCompileGCPercent = 2000

// gcPercent returns the collector's growth target, negative when off.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 100
	}
	v := s[0].Value.Uint64()
	if int64(v) < 0 {
		return -1
	}
	return int(v)
}

// heapLive returns the bytes of heap objects that the last collection
// found live.
func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
