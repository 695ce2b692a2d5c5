package opt

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// accumulatorParams counts, per loop block of f (one that branches to
// itself), its parameters that a lane-wise reduction operation takes as
// its accumulator.
func accumulatorParams(f *ssa.Func) []int {
	var counts []int
	for _, b := range f.Blocks {
		term := b.Terminator()
		if term == nil || !slices.ContainsFunc(term.Targets, func(t ssa.BlockCall) bool { return t.Block == b.ID }) {
			continue
		}
		n := 0
		for _, p := range b.Params {
			for _, in := range b.Instrs {
				if (in.Op == ssa.OpVadd || in.Op == ssa.OpVxor || in.Op == ssa.OpVand || in.Op == ssa.OpVor) && len(in.Args) == 2 && in.Args[0] == p {
					n++
					break
				}
			}
		}
		counts = append(counts, n)
	}
	slices.Sort(counts)
	return counts
}

// TestVectorizeSplitsReductions checks that the unrolled loop keeps two
// accumulators of each integer reduction (the scalar loop and the
// one-vector loop one each), and that the result is the scalar loop's.
func TestVectorizeSplitsReductions(t *testing.T) {
	cases := []loopCase{
		{"i32 sum", func() *ssa.Func {
			return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.load(i32, c.a, 0), c.carried[0])
				return []ssa.Value{s}, s
			})
		}, 4},
		{"i64 and", func() *ssa.Func {
			return countedLoop(8, i64, i64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpBand, i64, c.carried[0], c.load(i64, c.a, 0))
				return []ssa.Value{s}, s
			})
		}, 8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkVectorizes(t, tc, 0x5A5A5A5A5A5A5A5A, 1)
			f := tc.build()
			require.Equal(t, 1, Vectorize(f))
			// the scalar loop (a scalar reduction), the one-vector loop,
			// the unrolled one.
			require.Equal(t, []int{0, 1, 2}, accumulatorParams(f), f.Format())
		})
	}
}
