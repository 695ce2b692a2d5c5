//go:build linux

package exec

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestStackRegistry checks what the amd64 signal handlers read in
// runStacks: a stack's bounds while it exists, the context recorded for
// it (nested calls restore the outer one), and its entry freed and
// reused after Close.
func TestStackRegistry(t *testing.T) {
	s, err := NewStack(1 << 16)
	require.NoError(t, err)
	e := s.entry
	require.NotNil(t, e)
	lo := uintptr(unsafe.Pointer(&s.mem[0]))
	require.Equal(t, lo, e.lo)
	require.Equal(t, lo+uintptr(len(s.mem)), e.hi)
	require.Less(t, s.Top()-1, e.hi)
	require.Zero(t, e.ctx)

	outer, inner := &Context{}, &Context{}
	prevOuter := e.enter(outer)
	require.Zero(t, prevOuter)
	require.Equal(t, uintptr(unsafe.Pointer(outer)), e.ctx)
	prevInner := e.enter(inner)
	require.Equal(t, uintptr(unsafe.Pointer(inner)), e.ctx)
	e.leave(prevInner)
	require.Equal(t, uintptr(unsafe.Pointer(outer)), e.ctx)
	e.leave(prevOuter)
	require.Zero(t, e.ctx)

	slot := s.slot
	require.NoError(t, s.Close())
	require.Zero(t, runStacks.entries[slot].hi, "a closed stack's entry holds no stack pointer")
	s2, err := NewStack(1 << 16)
	require.NoError(t, err)
	defer s2.Close()
	require.Equal(t, slot, s2.slot, "the freed entry is reused")

	var none *stackEntry // a stack made without NewStack
	none.leave(none.enter(outer))
}
