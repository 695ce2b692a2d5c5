package wasi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDescriptorTableGivesLowestFree checks that new descriptors reuse the
// lowest free number, as POSIX open does, and that lookups of free or
// out-of-range descriptors fail.
func TestDescriptorTableGivesLowestFree(t *testing.T) {
	var tab fdTable
	entries := make([]*fdEntry, 6)
	for i := range entries {
		entries[i] = &fdEntry{}
		require.EqualValues(t, i, tab.add(entries[i]))
	}
	tab.remove(4)
	tab.remove(2)
	for _, fd := range []uint32{2, 4, 6, 1 << 31} {
		_, ok := tab.get(fd)
		require.False(t, ok, "descriptor %d", fd)
	}
	require.EqualValues(t, 2, tab.next())
	require.EqualValues(t, 2, tab.add(&fdEntry{}))
	require.EqualValues(t, 4, tab.add(&fdEntry{}))
	require.EqualValues(t, 6, tab.add(&fdEntry{}))

	e, ok := tab.get(5)
	require.True(t, ok)
	require.Same(t, entries[5], e)
	tab.replace(5, entries[0])
	e, _ = tab.get(5)
	require.Same(t, entries[0], e)

	var open []uint32
	tab.open(func(fd uint32, _ *fdEntry) { open = append(open, fd) })
	require.Equal(t, []uint32{0, 1, 2, 3, 4, 5, 6}, open)
}
