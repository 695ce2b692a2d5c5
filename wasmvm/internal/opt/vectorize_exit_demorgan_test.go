package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestVectorizeExitsNegationOnTop checks that the vector loops of
// testdata/scan.wat's "wordchr" (strchr's word loop: two words without a
// zero byte, one of them xor-ed with c) and "word" (a tokenizer's scan:
// a zero byte, or a byte outside the word ranges) or their exits' lanes
// by De Morgan (orMasks): no negation is left but the one bitmask folds
// into flipping the mask's bits, and the other negations become an and
// or an and-not. TestVectorizeExits runs them against the scalar loops.
func TestVectorizeExitsNegationOnTop(t *testing.T) {
	m := assembleScan(t)
	for _, c := range []struct {
		name string
		want ssa.Op
	}{{"wordchr", ssa.OpVand}, {"word", ssa.OpVandnot}} {
		f := translateExport(t, m, c.name)
		require.Equal(t, 1, VectorizeExits(f), f.Format())
		DeadCode(f)
		ops := map[ssa.Op]int{}
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				ops[in.Op]++
			}
		}
		require.Zero(t, ops[ssa.OpVnot], "%s\n%s", c.name, f.Format())
		require.Equal(t, 1, ops[c.want], "%s\n%s", c.name, f.Format())
	}
}
