// The arm64 build of this package is tested under qemu-user, which does
// not pass madvise on to the host kernel: the advice is checked natively.

//go:build amd64

package mach

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/smaps"
)

// TestCompileHeapAdvisedForHugePages checks, in a fresh process (the
// advice is given once, and only while the process is small), that memory
// allocated after a compile has started lies in a mapping advised for
// huge pages.
func TestCompileHeapAdvisedForHugePages(t *testing.T) {
	if os.Getenv("WASMKERNEL_HUGEHEAP_CHILD") == "1" {
		end := paceCompile()
		defer end()
		b := make([]byte, 4<<20)
		b[0] = 1
		flags, err := smaps.VMFlags(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
		require.NoError(t, err)
		require.True(t, slices.Contains(flags, "hg"), "flags of the compile's memory: %v", flags)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCompileHeapAdvisedForHugePages$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WASMKERNEL_HUGEHEAP_CHILD=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}
