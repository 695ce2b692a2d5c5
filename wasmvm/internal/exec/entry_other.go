//go:build !amd64 && !arm64

package exec

// The trampolines exist for amd64 so far; on other architectures running
// native code fails loudly instead of misbehaving.

func entry(code uintptr, ctx *Context, sp, inst uintptr) {
	panic("exec: native code is not supported on this architecture yet")
}

func resume(ctx *Context, pc uintptr) {
	panic("exec: native code is not supported on this architecture yet")
}

// EntrySlot is a placeholder where there are no trampolines.
const EntrySlot = 8
