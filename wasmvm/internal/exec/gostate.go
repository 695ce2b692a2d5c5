package exec

import _ "unsafe" // for go:linkname

// While native code runs, the goroutine that called it is outside Go as
// far as the scheduler and the garbage collector are concerned, exactly
// like a goroutine in a system call: generated code has no Go safe points,
// so a stop-the-world that waited for it to reach one would wait for as
// long as the WebAssembly function runs, possibly forever. Marking the
// transition with the runtime's own system-call hooks lets a collection
// proceed without this thread, and lets the scheduler hand its P to other
// goroutines when the call runs long. Generated code never writes Go
// pointers, which is what makes this sound (see RATIONALE.md).

//go:linkname entersyscall runtime.entersyscall
func entersyscall()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()

// Context.Exclusive skips those transitions, for a program that has one
// processor and nothing else to run while WebAssembly code does (the
// kernel): the goroutine then simply keeps its processor. No other
// goroutine can start a collection or need the processor meanwhile, since
// none runs; the code's next host call is an ordinary Go call where the
// scheduler may preempt the goroutine as anywhere else. What is lost is
// only what needs another goroutine to run during the code: Interrupt
// from elsewhere cannot reach code that never calls the host.
