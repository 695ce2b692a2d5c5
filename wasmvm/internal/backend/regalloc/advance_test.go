package regalloc

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAdvanceQuiet checks advance, which returns at once before the first
// position where a listed interval changes (allocator.quiet), against a
// walk of both lists at every position: intervals with holes start at
// growing positions (activate), as the scan adds them, and the lists must
// hold the same intervals in the same order.
func TestAdvanceQuiet(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	reference := func(active, inactive []*interval, pos int32) (act, inact []*interval) {
		var toActive []*interval
		for _, it := range inactive {
			switch {
			case it.end() <= pos:
			case it.covers(pos):
				toActive = append(toActive, it)
			default:
				inact = append(inact, it)
			}
		}
		for _, it := range active {
			switch {
			case it.end() <= pos:
			case !it.covers(pos):
				inact = append(inact, it)
			default:
				act = append(act, it)
			}
		}
		return append(act, toActive...), inact
	}
	for iter := range 300 {
		a := &allocator{}
		var refActive, refInactive []*interval
		pos := int32(0)
		for range 1 + rng.Intn(30) {
			pos += int32(rng.Intn(4))
			iv := &interval{}
			from := pos
			for range 1 + rng.Intn(4) {
				to := from + 1 + int32(rng.Intn(8))
				iv.ranges = append(iv.ranges, span{from, to})
				from = to + 1 + int32(rng.Intn(6))
			}
			a.advance(pos)
			refActive, refInactive = reference(refActive, refInactive, pos)
			require.Equal(t, len(refActive), len(a.active), "iteration %d, active at %d", iter, pos)
			require.Equal(t, len(refInactive), len(a.inactive), "iteration %d, inactive at %d", iter, pos)
			for k := range refActive {
				require.Same(t, refActive[k], a.active[k], "iteration %d, active at %d", iter, pos)
			}
			for k := range refInactive {
				require.Same(t, refInactive[k], a.inactive[k], "iteration %d, inactive at %d", iter, pos)
			}
			a.activate(iv)
			refActive = append(slices.Clone(refActive), iv)
		}
	}
}
