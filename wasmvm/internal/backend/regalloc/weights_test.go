package regalloc

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// rarePathLoop is a loop whose header reads v0..v3 on every iteration and
// whose rare path (block 2) reads v4 three times: five values live
// through the loop, for four registers. share is block 2's Share (0: none
// given).
func rarePathLoop(share float64) *Function {
	f := &Function{
		Classes: make([]Class, 5),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{4}), ins(nil, []VReg{0}), ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{3})}, Succs: []int{1}},
			{Instrs: []Instr{ins([]VReg{0, 1}, nil), ins([]VReg{2, 3}, nil)}, Succs: []int{2, 3}},
			{Instrs: []Instr{ins([]VReg{4}, nil), ins([]VReg{4}, nil), ins([]VReg{4}, nil)}, Succs: []int{3}},
			{Instrs: []Instr{ins(nil, nil)}, Succs: []int{1, 4}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2, 3, 4}, nil)}},
		},
	}
	if share > 0 {
		f.Share = []float64{1, 1, share, 1, 1}
	}
	return f
}

// TestRarePathGivesUpRegister: with the blocks' shares, the value read
// only on the loop's rare path waits in its slot, and the values the
// header reads on every iteration keep their registers there; by loop
// depth alone, the rare path's three reads outweigh a header value's one.
func TestRarePathGivesUpRegister(t *testing.T) {
	headerInRegs := func(f *Function, res *Result) bool {
		for i, in := range f.Blocks[1].Instrs {
			for _, v := range in.Uses {
				if res.Locations[res.Piece(1, i, v, false)].Spilled {
					return false
				}
			}
		}
		return true
	}
	f := rarePathLoop(1.0 / 16)
	res := allocateAndSimulate(t, f, testRegs)
	require.True(t, headerInRegs(f, res), "the header reads a slot")
	for i := range f.Blocks[2].Instrs {
		require.True(t, res.Locations[res.Piece(2, i, 4, false)].Spilled, "v4 in a register on the rare path")
	}
	f = rarePathLoop(0)
	res = allocateAndSimulate(t, f, testRegs)
	require.False(t, headerInRegs(f, res), "by depth alone, the header reads a slot")
}

// TestBlockWeights: a block's weight is its loop depth's times its
// share, bounded below by minShare; shares of 1 or more, or not numbers,
// count as 1; without shares, the depth's weight alone.
func TestBlockWeights(t *testing.T) {
	f := &Function{Blocks: make([]Block, 5), Share: []float64{1, 0.25, 1e-9, 2, 0}}
	f.Share[4] = f.Share[4] / f.Share[4] // NaN
	depth := []int{0, 1, 2, 1, 1}
	require.Equal(t, []float64{1, 2.5, 100 * minShare, 10, 10}, blockWeights(f, depth, nil))
	f.Share = nil
	require.Equal(t, []float64{1, 10, 100, 10, 10}, blockWeights(f, depth, nil))
}

// TestSplitCostFollowsWeights: a split at the start of a loop's rare
// block (on its edge from the loop's hot path) costs less than one at
// the loop's header (on its edge from before the loop) when the rare
// block weighs less than a tenth of the header.
func TestSplitCostFollowsWeights(t *testing.T) {
	f := rarePathLoop(1.0 / 16)
	w := blockWeights(f, testLoops(f).depth, nil)
	cost := splitCosts(f, w)
	require.Less(t, cost[2], cost[1])
	f = rarePathLoop(0)
	cost = splitCosts(f, blockWeights(f, testLoops(f).depth, nil))
	require.Greater(t, cost[2], cost[1])
}

// TestStoreOnceOnPathOfCalls: v0, in a register the calls clobber (v1
// and v2 hold the others), lives across two calls on a rare path. It is
// stored into its slot once, before the first call, not at its
// definition (the hot path needs no store) and not again before the
// second call: the slot still holds it.
func TestStoreOnceOnPathOfCalls(t *testing.T) {
	f := &Function{
		Classes: make([]Class, 3),
		Blocks: []Block{
			{Instrs: []Instr{ins(nil, []VReg{1}), ins(nil, []VReg{2}), ins(nil, []VReg{0}), ins([]VReg{0}, nil)}, Succs: []int{1, 2}},
			{Instrs: []Instr{{Call: true}, ins([]VReg{0}, nil), {Call: true}, ins([]VReg{0}, nil)}, Succs: []int{3}},
			{Instrs: []Instr{ins([]VReg{0}, nil)}, Succs: []int{3}},
			{Instrs: []Instr{ins([]VReg{0, 1, 2}, nil)}},
		},
		Share: []float64{1, 1.0 / 16, 1, 1},
	}
	res := allocateAndSimulate(t, f, testRegs)
	stores := map[int]int{} // per block
	count := func(at int, copies []Copy) {
		for _, c := range copies {
			if res.Locations[c.Dst].Spilled && !res.Locations[c.Src].Spilled {
				stores[at]++
			}
		}
	}
	for at, copies := range res.Moves {
		count(at[0], copies)
	}
	for at, copies := range res.EdgeMoves {
		count(at[0], copies)
	}
	require.Equal(t, map[int]int{1: 1}, stores)
}

// TestJoinTakesHotPathsRegister: a loop's rare path (block 2, laid out
// first) and its hot path (block 3) pass v3 and v5 to the parameter v6 of
// the block where they join. v6 takes the register of the hot path's
// value, so that the hot edge moves nothing, where it would take the rare
// path's (the first copy) by loop depth alone.
func TestJoinTakesHotPathsRegister(t *testing.T) {
	join := func(share float64) *Function {
		f := &Function{
			Classes: make([]Class, 7),
			Blocks: []Block{
				{Instrs: []Instr{ins(nil, []VReg{0})}, Succs: []int{1}},
				{Instrs: []Instr{ins([]VReg{0}, nil)}, Succs: []int{2, 3}},
				{Instrs: []Instr{ins(nil, []VReg{2}), ins(nil, []VReg{3}), ins([]VReg{2}, nil),
					{Uses: []VReg{3}, Copies: []Copy{{Dst: 6, Src: 3}}}}, Succs: []int{4}},
				{Instrs: []Instr{ins(nil, []VReg{5}), {Uses: []VReg{5}, Copies: []Copy{{Dst: 6, Src: 5}}}}, Succs: []int{4}},
				{Params: []VReg{6}, Instrs: []Instr{ins([]VReg{6}, nil)}, Succs: []int{1, 5}},
				{Instrs: []Instr{ins([]VReg{0}, nil)}},
			},
		}
		if share > 0 {
			f.Share = []float64{1, 1, share, 1, 1, 1}
		}
		return f
	}
	res := allocateAndSimulate(t, join(1.0/16), testRegs)
	require.Equal(t, res.Locations[5], res.Locations[6], "v6 takes the hot path's register")
	require.Empty(t, res.EdgeMoves[[2]int{3, 4}], "moves on the hot edge")
	res = allocateAndSimulate(t, join(0), testRegs)
	require.Equal(t, res.Locations[3], res.Locations[6], "by depth alone, v6 takes the first copy's register")
	require.NotEqual(t, res.Locations[5], res.Locations[6])
}

// testLoops returns f's loops.
func testLoops(f *Function) loops {
	predStart, preds := predecessors(f, new(arenas))
	return findLoops(f, predStart, preds)
}
