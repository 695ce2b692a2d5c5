package regalloc

import (
	"testing"
	"unsafe"
)

// TestSizes keeps the structures a large function has tens of thousands
// of at their sizes: a field added or reordered carelessly adds padding.
func TestSizes(t *testing.T) {
	if s := unsafe.Sizeof(Location{}); s != 8 {
		t.Errorf("Location is %d bytes, want 8", s)
	}
	if s := unsafe.Sizeof(interval{}); s != 128 {
		t.Errorf("interval is %d bytes, want 128", s)
	}
}
