// Package kernel is the wasmkernel kernel: it hosts the unmodified Go
// runtime in ring 0 (x86-64) or at EL1 (arm64) by answering the Linux system calls the runtime makes,
// and provides what those calls need underneath: physical memory, page
// tables with demand-zero paging, kernel threads with a preemptive
// scheduler, futexes, epoll and eventfd, clocks, entropy, signal delivery
// for faults, and the console.
//
// The kernel binary is an ordinary GOOS=linux GOARCH=amd64 or arm64
// static Go program. Package boot enters it like Linux would; from then on
// every system call (SYSCALL, SVC #0), interrupt and exception arrives at
// the assembly entry code in entry_GOARCH.s, which calls trap on a kernel
// stack with interrupts off. Files without an architecture suffix are
// shared by both architectures.
//
// Rules for the Go code reached from trap (the "shim"): the runtime may be
// in any state when it runs, including before its own initialisation, so
// the shim never allocates, never writes Go pointers (kernel state is
// plain integers in fixed arrays: no write barriers), never blocks on Go
// primitives, and relies on no package initialisation beyond static data.
// It runs on a stand-in goroutine descriptor (kernelG) whose only valid
// fields are its stack bounds.
package kernel
