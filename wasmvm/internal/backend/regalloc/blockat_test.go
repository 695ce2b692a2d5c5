package regalloc

import (
	"sort"
	"testing"
)

// TestBlockAtMatchesSearch checks blockAt's buckets against a binary
// search over the blocks' starts, for blocks shorter and longer than a
// bucket, empty ones, and positions before, inside and after the code.
func TestBlockAtMatchesSearch(t *testing.T) {
	lengths := []int32{0, 3, 1, 40, 0, 0, 7, 12, 2, 100, 5}
	lv := &liveness{}
	idx := int32(0)
	for _, n := range lengths {
		lv.entry = append(lv.entry, idx)
		idx += 1 + n
	}
	lv.endPos = 2 * idx
	lv.blockBuckets(nil)
	for pos := int32(-3); pos < lv.endPos+50; pos++ {
		want := sort.Search(len(lv.entry), func(b int) bool { return 2*lv.entry[b] > pos }) - 1
		if got := lv.blockAt(pos); got != want {
			t.Fatalf("blockAt(%d) = %d, want %d", pos, got, want)
		}
	}
}
