package ssa

// InBounds, in the Aux2 of an OpLoad or OpStore, says that the access
// cannot be out of bounds: an access that dominates it reached at least as
// far from the same address value, and a memory never shrinks. A backend
// that checks bounds explicitly may leave the check out; the interpreter
// and guard-region code ignore it. In an OpMemoryCopy or OpMemoryFill it
// says that the ranges were checked before (opt's copy and fill loops):
// the backends then leave out the checks they make in either memory mode.
const InBounds uint32 = 1

// CopyForward, in the Aux of an OpMemoryCopy, says that the destination
// never lies above the source within the copied length (it lies at or
// below the source, or apart from it), so copying the lowest byte first
// is right (opt's copy loops whose checks show it). A backend may then
// leave out its test of the direction; the copy's result is the same.
const CopyForward uint32 = 1
