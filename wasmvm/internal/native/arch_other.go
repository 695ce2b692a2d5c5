//go:build !amd64 && !arm64

package native

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
)

// No backend generates code for this machine: compiling fails with
// backend.For's error.
const (
	hostArch              objfile.Arch = 0
	hostCallArgsOffset                 = 0
	stubsMoveArgRegisters              = false
	hostSIMD                           = false
)

func hostFeatures() uint64 { return 0 }

func callerOf(*exec.Context, *exec.Stack, uintptr, uintptr, bool) (uintptr, uintptr, bool) {
	return 0, 0, false
}

func inFrames(*exec.Context, uintptr) bool { return false }

func interruptedFrameSize(_ *exec.Stack, _ []byte, _, _, _, size uintptr) uintptr { return size }
