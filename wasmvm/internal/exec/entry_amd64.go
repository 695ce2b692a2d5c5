package exec

// entry and resume are implemented in entry_amd64.s.

//go:noescape
func entry(code uintptr, ctx *Context, sp, inst uintptr)

//go:noescape
func resume(ctx *Context, pc uintptr)

// EntrySlot is what entry's call puts below the initial stack pointer: the
// return address. Context.StackBase is the stack pointer minus it.
const EntrySlot = 8
