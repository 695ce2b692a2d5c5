package regalloc

import (
	"math/rand"
	"slices"
	"testing"
)

// TestQueueInitOrders checks that init's counting sort (intervals added by
// ascending register) and its comparison sort (any other order) both give
// the order by start, then register.
func TestQueueInitOrders(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := range 200 {
		n := rng.Intn(50)
		ivs := make([]*interval, n)
		for k := range ivs {
			s := int32(rng.Intn(2*n + 1))
			ivs[k] = &interval{root: VReg(k), ranges: []span{{s, s + 1}}}
		}
		if round%2 == 1 {
			rng.Shuffle(n, func(i, j int) { ivs[i], ivs[j] = ivs[j], ivs[i] })
		}
		var q queue
		for _, iv := range ivs {
			q.add(iv)
		}
		q.init()
		want := slices.Clone(ivs)
		slices.SortFunc(want, func(x, y *interval) int {
			if x.start() != y.start() {
				return int(x.start() - y.start())
			}
			return int(x.root - y.root)
		})
		for k, w := range want {
			if got := q.pop(); got != w {
				t.Fatalf("round %d: pop %d gave v%d at %d, want v%d at %d", round, k, got.root, got.start(), w.root, w.start())
			}
		}
		if !q.empty() {
			t.Fatalf("round %d: queue not empty", round)
		}
	}
}
