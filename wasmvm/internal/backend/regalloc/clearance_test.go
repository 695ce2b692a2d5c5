package regalloc

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClearance checks clearance.clear against a walk over the
// interval's ranges, for positions that grow (as the scan asks) and
// positions anywhere.
func TestClearance(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	want := func(iv *interval, pos, end int32) bool {
		for _, r := range iv.ranges {
			if r.from < end && pos < r.to {
				return false
			}
		}
		return true
	}
	for iter := range 200 {
		iv := &interval{}
		pos := int32(0)
		for range 1 + rng.Intn(10) {
			from := pos + 1 + int32(rng.Intn(8))
			pos = from + 1 + int32(rng.Intn(3))
			iv.ranges = append(iv.ranges, span{from, pos})
		}
		c := unknown
		for q := int32(0); q < pos+3; q += int32(rng.Intn(3)) {
			end := q + 1 + int32(rng.Intn(6))
			require.Equal(t, want(iv, q, end), c.clear(iv, q, end), "iteration %d, [%d, %d)", iter, q, end)
		}
		for range 50 {
			q := int32(rng.Intn(int(pos) + 3))
			end := q + 1 + int32(rng.Intn(6))
			require.Equal(t, want(iv, q, end), c.clear(iv, q, end), "iteration %d, [%d, %d) anywhere", iter, q, end)
		}
	}
}
