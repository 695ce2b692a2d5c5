package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPerVReg checks that perVReg keeps each register's items in the order
// they were added, gives none to registers without items, and is empty
// when nothing was counted.
func TestPerVReg(t *testing.T) {
	var none perVReg[int]
	var b0 perVRegBuilder[int]
	b0.allocate(&none)
	require.True(t, none.empty())
	require.Empty(t, none.of(3))

	items := []testItem{{4, 1}, {0, 2}, {4, 3}, {2, 4}, {4, 5}, {0, 6}}
	list := buildPerVReg(&perVRegBuilder[int]{}, items, 6)
	require.False(t, list.empty())
	want := map[VReg][]int{0: {2, 6}, 2: {4}, 4: {1, 3, 5}}
	for v := VReg(0); v < 6; v++ {
		if len(want[v]) == 0 {
			require.Empty(t, list.of(v), "register %d", v)
			continue
		}
		require.Equal(t, want[v], list.of(v), "register %d", v)
	}
}

// testItem is an item of v for buildPerVReg.
type testItem struct {
	v VReg
	x int
}

// buildPerVReg lists items among n registers with b.
func buildPerVReg(b *perVRegBuilder[int], items []testItem, n int) perVReg[int] {
	var list perVReg[int]
	for _, it := range items {
		b.count(it.v, n)
	}
	b.allocate(&list)
	for _, it := range items {
		b.add(it.v, it.x)
	}
	return list
}

// TestPerVRegBuilderReusesTables checks that a builder given tables kept
// from an earlier list builds the same list as one without, whatever the
// tables held.
func TestPerVRegBuilderReusesTables(t *testing.T) {
	tables := [2][]int32{{7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, {9, 9}}
	items := []testItem{{3, 30}, {1, 10}, {3, 31}, {0, 0}}
	want := buildPerVReg(&perVRegBuilder[int]{}, items, 5)
	got := buildPerVReg(&perVRegBuilder[int]{bufs: &tables}, items, 5)
	for v := range VReg(5) {
		require.Equal(t, want.of(v), got.of(v), "v%d", v)
	}
	require.Equal(t, []int{30, 31}, got.of(3))
}
