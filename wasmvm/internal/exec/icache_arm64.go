package exec

// syncInstructions makes code written to [start, end) visible to
// instruction fetch: Arm does not keep the instruction cache coherent with
// data writes, so freshly written code is cleaned from the data cache to
// the point of unification and invalidated in the instruction cache
// (implemented in icache_arm64.s; allowed at EL0 on Linux and at EL1).
//
//go:noescape
func syncInstructions(start, end uintptr)
