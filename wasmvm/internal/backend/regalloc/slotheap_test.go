package regalloc

import (
	"container/heap"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// refHeap is container/heap's view of slotUse entries, the reference for
// slotHeap.
type refHeap []slotUse

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i].end < h[j].end }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(slotUse)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestSlotHeapMatchesContainerHeap checks that slotHeap moves its entries
// exactly as container/heap does, ties included: which of two slots freed
// at the same position a value takes decides the output.
func TestSlotHeapMatchesContainerHeap(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := range 200 {
		var got slotHeap
		var want refHeap
		for op := range 300 {
			if len(got) > 0 && rng.Intn(3) == 0 {
				got.pop()
				heap.Pop(&want)
			} else {
				u := slotUse{end: int32(rng.Intn(20)), slot: op}
				got.push(u)
				heap.Push(&want, u)
			}
			require.Equal(t, []slotUse(want), []slotUse(got), "iteration %d, operation %d", iter, op)
		}
	}
}
