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

// interruptedFrameSize returns the size of the frame of a function that a
// signal stopped at an arbitrary instruction (exec.Context.Interrupt):
// in its prologue before the frame is made, or at its return after the
// frame is gone, the return address is at sp, not above size bytes of
// frame. Of the two words, the one that follows a call of this function
// (at fn in code, which starts at base) in code is the return address.
func interruptedFrameSize(stack *exec.Stack, code []byte, base, fn, sp, size uintptr) uintptr {
	for _, s := range []uintptr{size, 0} {
		word := stack.Slice(sp+s, 8)
		if word == nil {
			continue
		}
		ret := uintptr(binary.LittleEndian.Uint64(word))
		if ret > base && ret-base <= uintptr(len(code)) && callsBefore(code[:ret-base], base, fn) {
			return s
		}
	}
	return size
}

// callsBefore reports whether code ends with a call of the function at
// fn (code starts at base): a direct call to it, or an indirect call.
func callsBefore(code []byte, base, fn uintptr) bool {
	n := len(code)
	if n >= 5 && code[n-5] == 0xE8 {
		rel := int32(binary.LittleEndian.Uint32(code[n-4:]))
		if base+uintptr(n)+uintptr(int64(rel)) == fn {
			return true
		}
	}
	for l := 2; l <= 8 && l <= n; l++ { // call r/m64: FF /2, after a REX prefix or not
		at := n - l
		if code[at]&0xF0 == 0x40 && at+1 < n {
			at++
		}
		if code[at] == 0xFF && at+1 < n && code[at+1]>>3&7 == 2 && at+1+modRMLength(code[at+1:]) == n {
			return true
		}
	}
	return false
}

// modRMLength returns the length of a ModRM byte and what it implies
// (SIB byte, displacement) at the start of b, or 0 if b is too short.
func modRMLength(b []byte) int {
	modrm := b[0]
	mod, rm := modrm>>6, modrm&7
	n := 1
	if mod != 3 && rm == 4 {
		if len(b) < 2 {
			return 0
		}
		n++ // SIB
		if mod == 0 && b[1]&7 == 5 {
			n += 4
		}
	}
	switch {
	case mod == 0 && rm == 5:
		n += 4 // RIP-relative
	case mod == 1:
		n++
	case mod == 2:
		n += 4
	}
	return n
}
