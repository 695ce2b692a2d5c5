package mach

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestAllocationWeights checks the factors the allocator weighs
// wattest.SkipLoopModule's $skip's blocks by (Func.Share): the loop's
// header, which every pass runs, weighs as much as the entry; the block
// that calls the refill, predicted against, weighs less than half as much;
// none weighs more than 1 or less than the floor of its loop levels.
func TestAllocationWeights(t *testing.T) {
	f := translate(t, wattest.SkipLoopModule, 1)
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	require.Len(t, l.Share, len(l.Blocks))
	header := slices.Index(l.LoopHeaders(), true)
	require.GreaterOrEqual(t, header, 0)
	require.Equal(t, 1.0, l.Share[0])
	require.Equal(t, 1.0, l.Share[header], "the header runs on every pass")
	call := slices.IndexFunc(l.Blocks, func(b Block) bool {
		return slices.ContainsFunc(b.Instrs, func(m Instr) bool { return m.Op == OpCall })
	})
	require.Greater(t, call, header)
	require.Less(t, l.Share[call], 0.5, "the refill's call is a rare path")
	for b, s := range l.Share {
		require.LessOrEqual(t, s, 1.0, "block %d", b)
		require.GreaterOrEqual(t, s, shareFloor*shareFloor, "block %d", b)
	}
}

// TestShareFactor checks the rounding of a block's part of a pass: 1
// from sureShare up, powers of two below, shareFloor at least.
func TestShareFactor(t *testing.T) {
	require.Equal(t, 1.0, shareFactor(1))
	require.Equal(t, 1.0, shareFactor(sureShare))
	require.Equal(t, 0.25, shareFactor(0.3))
	require.Equal(t, 0.125, shareFactor(0.2))
	require.Equal(t, shareFloor, shareFactor(0.001))
	require.Equal(t, shareFloor, shareFactor(0))
	nan := 0.0
	require.Equal(t, 1.0, shareFactor(nan/nan))
}
