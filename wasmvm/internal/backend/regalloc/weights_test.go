package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBlockWeightsFollowFrequencies checks that the blocks' estimated
// frequencies, where the function gives them, replace the weights by loop
// depth, and that a split is cheapest at the start of a rare block of a
// loop (its edge from the loop's hot path runs rarely), cheaper even than
// at the loop's entry, which by depth alone it is not.
func TestBlockWeightsFollowFrequencies(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 1),
		Blocks: []Block{
			{Succs: []int{1}, Freq: 1},
			{Succs: []int{2, 3}, Freq: 8}, // the loop's header
			{Succs: []int{3}, Freq: 0.5},  // a rare path in the loop
			{Succs: []int{1, 4}, Freq: 8}, // the latch
			{Freq: 1},
		},
	}
	depth := []int{0, 1, 1, 1, 0}
	w := blockWeights(f, depth)
	require.Equal(t, []float64{1, 8, 0.5, 8, 1}, w)
	cost := splitCosts(f, w)
	require.Less(t, cost[2], cost[1], "a split at the rare block's start costs less than at the header's (from the entry)")
	for b := range f.Blocks {
		f.Blocks[b].Freq = 0
	}
	w = blockWeights(f, depth)
	require.Equal(t, []float64{1, 10, 10, 10, 1}, w, "without frequencies, by loop depth")
	cost = splitCosts(f, w)
	require.Greater(t, cost[2], cost[1], "by depth, the rare block's edge is as deep as the loop")
}
