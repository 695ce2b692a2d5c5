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
