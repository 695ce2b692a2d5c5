package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDominators: a diamond in a loop, and a block the entry does not
// reach.
func TestDominators(t *testing.T) {
	f := &Function{Blocks: []Block{
		{Succs: []int{1}},
		{Succs: []int{2, 3}}, // the loop's header
		{Succs: []int{4}},
		{Succs: []int{4}},
		{Succs: []int{1, 5}}, // the latch
		{},
		{Succs: []int{5}}, // unreachable
	}}
	idom := dominators(f)
	require.Equal(t, []int{0, 0, 1, 1, 1, 4, -1}, idom)
	require.True(t, dominates(idom, 1, 5))
	require.True(t, dominates(idom, 4, 4))
	require.False(t, dominates(idom, 2, 4))
	require.False(t, dominates(idom, 6, 5))
	require.False(t, dominates(idom, 0, 6))
}
