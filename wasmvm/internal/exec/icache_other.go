//go:build !arm64

package exec

// syncInstructions has nothing to do where instruction fetch sees data
// writes (x86-64 keeps its caches coherent).
func syncInstructions(start, end uintptr) {}
