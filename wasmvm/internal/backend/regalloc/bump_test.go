package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBumpKeepsArraysTaken checks that the arrays bump hands out do not
// overlap, keep their contents when it runs out and moves to a larger
// array, and that reset hands out the largest array again.
func TestBumpKeepsArraysTaken(t *testing.T) {
	var b bump[int32]
	var taken [][]int32
	for k := range 300 {
		a := b.take(1 + k%13)
		require.Len(t, a, 1+k%13)
		require.Equal(t, len(a), cap(a), "an array taken must not grow into the next")
		for i := range a {
			a[i] = int32(k)
		}
		taken = append(taken, a)
	}
	for k, a := range taken {
		for _, x := range a {
			require.Equal(t, int32(k), x, "array %d was overwritten", k)
		}
	}
	largest := cap(b.buf)
	require.Greater(t, largest, bumpMin, "300 arrays of 7 on average outgrow the first array")
	b.reset()
	b.take(1)
	require.Equal(t, largest, cap(b.buf), "reset keeps the largest array")
}
