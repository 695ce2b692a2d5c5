//go:build !(linux && amd64)

package exec

// asyncInterrupts says that Interrupt reaches running code by a signal:
// not here, where generated code checks the epoch in its loops.
const asyncInterrupts = false

// RegisterRunnable does nothing where code is not interrupted by a
// signal.
func RegisterRunnable(*Code) error { return nil }

func currentThread() int32 { return 0 }

func signalThread(int32) {}
