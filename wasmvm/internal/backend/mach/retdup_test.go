package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestDuplicateReturns checks wattest.FibModule's shared exit, n + acc:
// after duplicateReturns every return block has one predecessor and no
// parameters, the base case's copy returns n itself (its + 0 gone), the
// loop's copy adds, and the function stays valid.
func TestDuplicateReturns(t *testing.T) {
	f := translate(t, wattest.FibModule, 0)
	opt.MergeStraightLine(f) // as prepare: the exit's add and its return in one block
	duplicateReturns(f)
	require.NoError(t, f.Verify())
	returns, adds := 0, 0
	for _, b := range f.Blocks {
		term := b.Terminator()
		if term == nil || term.Op != ssa.OpReturn {
			continue
		}
		returns++
		require.Len(t, b.Preds, 1, "block %d:\n%s", b.ID, f.Format())
		require.Empty(t, b.Params, "block %d:\n%s", b.ID, f.Format())
		for _, in := range b.Instrs {
			if in.Op == ssa.OpIadd {
				adds++
			}
		}
	}
	require.Equal(t, 2, returns, f.Format())
	require.Equal(t, 1, adds, "the base case still adds 0:\n%s", f.Format())
}
