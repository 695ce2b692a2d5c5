package exec

import (
	"sync"

	"golang.org/x/sys/unix"
)

// Interruption by signal. Generated amd64 code checks no epoch in its
// loops (RATIONALE: "Why are loops interrupted by a signal?"): Interrupt
// sends SIGURG to the thread running the code, and urgHandler, in front
// of the Go runtime's handler, moves a thread that was in registered code
// to interruptTrap, which leaves like any trap ("interrupted"). Function
// entries still check the stack limit, which Interrupt raises.

// asyncInterrupts says that Interrupt reaches running code by a signal.
const asyncInterrupts = true

var (
	urgOnce       sync.Once
	urgErr        error
	oldUrgHandler uintptr // the Go runtime's SIGURG handler
)

// installInterruptHandler puts urgHandler in front of the Go runtime's
// SIGURG handler, once per process.
func installInterruptHandler() error {
	urgOnce.Do(func() {
		_, restorer := handlerAddrs()
		oldUrgHandler, urgErr = chainHandler(unix.SIGURG, urgHandlerAddr(), restorer)
	})
	return urgErr
}

// RegisterRunnable registers c as code that Interrupt can stop by a
// signal.
func RegisterRunnable(c *Code) error {
	if err := installInterruptHandler(); err != nil {
		return err
	}
	return runRanges.add(c)
}

// currentThread returns the calling thread's ID.
func currentThread() int32 { return int32(unix.Gettid()) }

// signalThread asks thread tid of this process to stop running code.
func signalThread(tid int32) {
	_ = unix.Tgkill(unix.Getpid(), int(tid), unix.SIGURG) // the thread may be gone: Call has ended
}

// Implemented in interrupt_linux_amd64.s; urgHandler and interruptTrap
// are entered by the kernel or by a redirected thread, never called from
// Go.
func urgHandlerAddr() uintptr
func urgHandler()
func interruptTrap()
func findRange()
func stackContext()
