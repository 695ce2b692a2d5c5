package ssa

// InBounds, in the Aux2 of an OpLoad or OpStore, says that the access
// cannot be out of bounds: an access that dominates it reached at least as
// far from the same address value, and a memory never shrinks. A backend
// that checks bounds explicitly may leave the check out; the interpreter
// and guard-region code ignore it. In an OpMemoryCopy or OpMemoryFill it
// says that the ranges were checked before (opt's copy and fill loops):
// the backends then leave out the checks they make in either memory mode.
const InBounds uint32 = 1
