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

// TestGuardedMemoryGrownInStepsOnHugePages checks that a memory grown a
// page at a time, each page written as it comes, ends on huge pages like
// one grown in a single step (the straddled range is collapsed as it
// becomes whole), and keeps what was written.
func TestGuardedMemoryGrownInStepsOnHugePages(t *testing.T) {
	const pages = 2 * hugePageSize / PageSize
	touch := func(m *Memory, from int) {
		for off := from; off < len(m.Bytes); off += 4096 {
			m.Bytes[off] = byte(off>>12) | 1
		}
	}
	huge := func(m *Memory) uint64 {
		n, err := smaps.AnonHugePages(uintptr(unsafe.Pointer(unsafe.SliceData(m.Bytes))))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	oneStep, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: pages}})
	if err != nil {
		t.Fatal(err)
	}
	touch(oneStep, 0)
	if huge(oneStep) < 2*hugePageSize {
		t.Skip("the kernel backs not even a memory grown in one step with huge pages (THP off or no free huge pages)")
	}
	m, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 1}})
	if err != nil {
		t.Fatal(err)
	}
	touch(m, 0)
	for len(m.Bytes) < pages*PageSize {
		from := len(m.Bytes)
		if m.Grow(1) == 0xFFFFFFFF {
			t.Fatal("Grow(1) failed")
		}
		touch(m, from)
	}
	if got := huge(m); got < 2*hugePageSize {
		t.Errorf("memory grown a page at a time has %d bytes on huge pages, want %d", got, 2*hugePageSize)
	}
	for off := 0; off < len(m.Bytes); off += 4096 {
		if want := byte(off>>12) | 1; m.Bytes[off] != want {
			t.Fatalf("byte %#x is %d after collapsing, want %d", off, m.Bytes[off], want)
		}
	}
}
