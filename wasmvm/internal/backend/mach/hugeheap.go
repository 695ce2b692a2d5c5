package mach

import (
	"runtime"
	"runtime/metrics"
	"sync"
)

// A compile allocates tens of megabytes that are garbage by its end
// (ed25519's two large functions: 80 MB), and a process's first compile
// takes all of it from pages the system has not given it yet. At 4 KiB a
// page that is some 20,000 page faults, which cost more than the compile's
// own work where faults are dear (about 15 µs each under this project's
// hypervisor). adviseCompileHeap therefore sets the first
// compileHeapSize bytes of heap the compiles will use aside for huge
// pages, once per process: it allocates them as one object (fresh memory,
// which the runtime does not touch to zero it), asks the system to back
// its range with huge pages (adviseHugePages), and lets a collection free
// it. The runtime reuses the freed range for the compile's allocations
// (its page allocator takes the lowest free addresses), and the advice
// stays with the range when the runtime returns its pages: later faults
// there bring in 2 MiB at a time. ed25519's first compile went from
// about 17,800 faults to 1,700. RATIONALE: "Why are the compiler's
// first heap pages advised for huge pages?".

// compileHeapSize is the heap set aside for huge pages: a large module's
// compile (two functions of ed25519's size prepared at once) fits.
const compileHeapSize = 96 << 20

// smallProcess is the most memory the runtime may hold for
// adviseCompileHeap to act: a process that is already large has heap the
// compile will reuse, and a forced collection would cost it more.
const smallProcess = 64 << 20

var compileHeapAdvice sync.Once

// adviseCompileHeap sets the compiles' heap aside for huge pages, once,
// if the process is still small.
func adviseCompileHeap() {
	compileHeapAdvice.Do(func() {
		s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() > smallProcess {
			return
		}
		adviseHugePages(make([]byte, compileHeapSize)) // garbage on return
		runtime.GC()
	})
}
