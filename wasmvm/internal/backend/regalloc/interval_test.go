package regalloc

import (
	"math/rand"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRangeAfterNear checks rangeAfter, which starts from its last
// answer, against a plain search, for positions that grow (as the scan
// asks), positions anywhere, and intervals cut by splitAt.
func TestRangeAfterNear(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	want := func(iv *interval, pos int32) int {
		return sort.Search(len(iv.ranges), func(k int) bool { return iv.ranges[k].to > pos })
	}
	for iter := range 200 {
		iv := &interval{cum: []float64{0}, hintOp: -1, hintAlt: -1, hintReg: -1, hintCopy: -1} // no uses
		pos := int32(0)
		for range 1 + rng.Intn(20) {
			from := pos + int32(rng.Intn(5))
			pos = from + 1 + int32(rng.Intn(6))
			iv.ranges = append(iv.ranges, span{from, pos})
		}
		end := iv.end() + 3
		for q := int32(-1); q < end; q += int32(rng.Intn(3)) { // growing
			require.Equal(t, want(iv, q), iv.rangeAfter(q), "iteration %d, position %d", iter, q)
		}
		for range 50 { // anywhere
			q := int32(rng.Intn(int(end)+2)) - 1
			require.Equal(t, want(iv, q), iv.rangeAfter(q), "iteration %d, position %d", iter, q)
		}
		if s := iv.start() + 1 + int32(rng.Intn(int(iv.end()-iv.start()))); s < iv.end() {
			child := iv.splitAt(s, new(interval), new(bump[span]))
			for _, it := range []*interval{iv, child} {
				for q := int32(-1); q < end; q++ {
					require.Equal(t, want(it, q), it.rangeAfter(q), "iteration %d, after the split at %d, position %d", iter, s, q)
				}
			}
		}
	}
}

// TestArenasHoldMentionedRegisters checks that the intervals take as many
// places in the arenas as the function mentions registers, not as it
// numbers them, and that a second allocation reuses the pieces' chunks.
func TestArenasHoldMentionedRegisters(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 12),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{2}), ins(nil, []VReg{5})}, Succs: []int{1}},
			{Params: []VReg{9}, Instrs: []Instr{ins([]VReg{2, 5}, []VReg{7}), ins([]VReg{7, 9}, nil)}},
		},
	}
	ar := new(arenas)
	lv := buildIntervals(f, ar)
	require.Equal(t, 4, lv.numUsed)
	require.Len(t, ar.slab, 4)
	for v, iv := range lv.ivs {
		mentioned := v == 2 || v == 5 || v == 7 || v == 9
		require.Equal(t, mentioned, iv != nil, "v%d", v)
	}

	for range pieceChunk + 3 {
		ar.newPiece()
	}
	require.Len(t, ar.pieceChunks, 2)
	first := ar.pieceChunks[0]
	ar.reserve(4, 8)
	require.Same(t, &first[0], ar.newPiece(), "a new allocation starts at the first chunk's first place")
}

// TestUsesFitTheirShares checks that every interval's uses and their
// weights lie in the arenas, in shares as long as the places that read or
// write its register (so that none grows out of them), also for a
// register used more often than most.
func TestUsesFitTheirShares(t *testing.T) {
	var many []Instr
	for range 9 {
		many = append(many, ins([]VReg{1, 1}, []VReg{2}))
	}
	many = append(many, ins([]VReg{2}, nil))
	f := &Function{
		Classes: make([]Class, 4),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1})}, Succs: []int{1}},
			{Params: []VReg{3}, Instrs: append(many, ins([]VReg{3}, nil))},
		},
	}
	ar := new(arenas)
	lv := buildIntervals(f, ar)
	inArena := func(x *int32) bool {
		for k := range ar.uses {
			if &ar.uses[k] == x {
				return true
			}
		}
		return false
	}
	// v1 is written once and read twice by each of nine instructions
	// (one use each), v2 written nine times and read once, v3 a parameter
	// read once.
	for v, n := range map[VReg][2]int{1: {10, 19}, 2: {10, 10}, 3: {2, 2}} {
		iv := lv.ivs[v]
		require.Len(t, iv.uses, n[0], "v%d", v)
		require.Equal(t, n[1], cap(iv.uses), "v%d", v)
		require.Len(t, iv.cum, len(iv.uses)+1, "v%d", v)
		require.True(t, inArena(&iv.uses[0]), "v%d's uses moved out of the arena", v)
	}
}

// TestUseIndex checks useIndex, which walks short lists and searches long
// ones, against a plain search.
func TestUseIndex(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for iter := range 300 {
		var uses []int32
		pos := int32(0)
		for range rng.Intn(3 * shortUses) {
			pos += 1 + int32(rng.Intn(4))
			uses = append(uses, pos)
		}
		for q := int32(-1); q <= pos+2; q++ {
			want := sort.Search(len(uses), func(k int) bool { return uses[k] >= q })
			require.Equal(t, want, useIndex(uses, q), "iteration %d, %d uses, position %d", iter, len(uses), q)
		}
	}
}
