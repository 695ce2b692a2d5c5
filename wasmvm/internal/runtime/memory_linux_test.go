package runtime

import (
	"testing"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestGuardedMemoryOnHugePageBoundary checks that a guard-region memory
// starts on a huge-page boundary, so that its first 2 MiB can be one page,
// and that it still grows, reads and writes like any memory.
func TestGuardedMemoryOnHugePageBoundary(t *testing.T) {
	m, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 1}})
	if err != nil {
		t.Fatal(err)
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(m.reservation.mem)))
	if base%hugePageSize != 0 {
		t.Fatalf("memory at %#x, not on a %d-byte boundary", base, hugePageSize)
	}
	if len(m.reservation.mem) != GuardReservation {
		t.Fatalf("reservation of %d bytes, want %d", len(m.reservation.mem), GuardReservation)
	}
	if old := m.Grow(63); old != 1 {
		t.Fatalf("Grow(63) = %d, want 1", old)
	}
	last := len(m.Bytes) - 1
	if m.Bytes[0] != 0 || m.Bytes[last] != 0 {
		t.Fatal("fresh memory is not zero")
	}
	m.Bytes[0], m.Bytes[last] = 1, 2
	if m.Bytes[0] != 1 || m.Bytes[last] != 2 {
		t.Fatal("memory does not keep what was written")
	}
}

// TestStraddledHugePage checks which huge page a growth collapses: the one
// the old end lay inside of, once the new end covers all of it.
func TestStraddledHugePage(t *testing.T) {
	const h = hugePageSize
	for _, c := range []struct {
		from, to, lo uint64
		ok           bool
	}{
		{0, h, 0, false},               // nothing was accessible
		{h, 3 * h, 0, false},           // the old end on a boundary: nothing straddled
		{PageSize, h, 0, true},         // the first huge page becomes whole
		{PageSize, h - 1, 0, false},    // not yet whole
		{h + PageSize, 5 * h, h, true}, // only the straddled one; the rest fault in whole
		{3*h - PageSize, 3 * h, 2 * h, true},
	} {
		lo, ok := straddledHugePage(c.from, c.to)
		if lo != c.lo && c.ok || ok != c.ok {
			t.Errorf("straddledHugePage(%#x, %#x) = %#x, %v; want %#x, %v", c.from, c.to, lo, ok, c.lo, c.ok)
		}
	}
}

// TestGrowStopsAtInstanceLimit checks that a memory cannot grow to the 4
// GiB a module may declare, only to wasm.MaxInstancePages (the compiler
// folds address sums on that promise).
func TestGrowStopsAtInstanceLimit(t *testing.T) {
	m, err := NewGuardedMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if old := m.Grow(wasm.MaxInstancePages); old != 0xFFFFFFFF {
		t.Fatalf("Grow to %d pages = %d, want -1", 1+wasm.MaxInstancePages, old)
	}
	if m.Pages() != 1 {
		t.Fatalf("a failed Grow left %d pages, want 1", m.Pages())
	}
}
