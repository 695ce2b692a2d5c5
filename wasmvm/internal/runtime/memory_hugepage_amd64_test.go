// The arm64 build of this package is tested under qemu-user, which does
// not pass madvise on to the host kernel: the advice is checked natively.

//go:build amd64

package runtime

import (
	"slices"
	"testing"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/smaps"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestGuardedMemoryAdvisedHugePages checks in /proc/self/smaps that the
// kernel recorded the huge-page advice (VmFlags "hg") for the accessible
// part of a guard-region memory.
func TestGuardedMemoryAdvisedHugePages(t *testing.T) {
	m, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 64}})
	if err != nil {
		t.Fatal(err)
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(m.Bytes)))
	flags, err := smaps.VMFlags(base)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(flags, "hg") {
		t.Fatalf("VmFlags of the memory at %#x are %v, without hg (MADV_HUGEPAGE)", base, flags)
	}
}
