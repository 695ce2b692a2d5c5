package native

import (
	"encoding/binary"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/amd64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
)

// The machine this engine runs code for.
const (
	hostArch = objfile.ArchAMD64
	// stubsMoveArgRegisters: the import stubs store register arguments
	// in the area and load register results from it themselves.
	stubsMoveArgRegisters = true
	hostCallArgsOffset    = amd64.HostCallArgsOffset
	// hostSIMD says that the backend compiles SIMD (v128) code.
	hostSIMD = true
)

func hostFeatures() uint64 { return amd64.HostFeatures() }

// callerOf returns the return address and stack pointer of the caller of
// the function whose frame (of size bytes) is at sp: a call pushes the
// return address just above the frame.
func callerOf(_ *exec.Context, stack *exec.Stack, sp, size uintptr, _ bool) (pc, callerSP uintptr, ok bool) {
	ret := stack.Slice(sp+size, 8)
	if ret == nil {
		return 0, 0, false
	}
	return uintptr(binary.LittleEndian.Uint64(ret)), sp + size + 8, true
}

// inFrames reports whether sp can be a WebAssembly frame of the call
// chain: a call pushes its return address, so the outermost function's stack pointer is at most the stack base.
func inFrames(ctx *exec.Context, sp uintptr) bool { return sp <= ctx.StackBase }
