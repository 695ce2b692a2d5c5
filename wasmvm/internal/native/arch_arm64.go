package native

import (
	"encoding/binary"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/arm64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
)

// The machine this engine runs code for.
const (
	hostArch = objfile.ArchARM64
	// stubsMoveArgRegisters: false, Go moves register arguments and
	// results between the context and the area around a host call.
	stubsMoveArgRegisters = false
	hostCallArgsOffset    = arm64.HostCallArgsOffset
	// hostSIMD says that the backend compiles SIMD (v128) code.
	hostSIMD = true
)

func hostFeatures() uint64 { return arm64.HostFeatures() }

// callerOf returns the return address and stack pointer of the caller of
// the function whose frame (of size bytes) is at sp: a frame keeps the
// link register in its top word; the innermost function without a frame
// still had it in X30, which the trap recorded in ctx.TrapLR.
func callerOf(ctx *exec.Context, stack *exec.Stack, sp, size uintptr, innermost bool) (pc, callerSP uintptr, ok bool) {
	if size == 0 {
		if !innermost {
			return 0, 0, false
		}
		return ctx.TrapLR, sp, true
	}
	ret := stack.Slice(sp+size-8, 8)
	if ret == nil {
		return 0, 0, false
	}
	return uintptr(binary.LittleEndian.Uint64(ret)), sp + size, true
}

// inFrames reports whether sp can be a WebAssembly frame of the call
// chain: the outermost function's stack pointer is at most the one entry set, above its slot.
func inFrames(ctx *exec.Context, sp uintptr) bool { return sp <= ctx.StackBase+exec.EntrySlot }

// interruptedFrameSize returns size: arm64 code checks the epoch at its
// loop headers, where its frame is complete, and no signal stops it
// elsewhere.
func interruptedFrameSize(_ *exec.Stack, _ []byte, _, _, _, size uintptr) uintptr { return size }
