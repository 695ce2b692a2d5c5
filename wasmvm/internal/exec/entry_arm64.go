package exec

// entry and resume are implemented in entry_arm64.s.

//go:noescape
func entry(code uintptr, ctx *Context, sp, inst uintptr)

//go:noescape
func resume(ctx *Context, pc uintptr)

// EntrySlot is the 16-byte slot below the initial stack pointer whose
// second word holds the address exits return to (entry's return point):
// Context.StackBase is the stack pointer minus it.
const EntrySlot = 16
