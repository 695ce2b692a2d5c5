package exec

// entry and resume are implemented in entry_amd64.s.

//go:noescape
func entry(code, ctx, sp, inst uintptr)

//go:noescape
func resume(ctx, pc uintptr)
