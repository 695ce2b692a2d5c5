package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestVectorizeLeavesNoTail checks that a vector loop whose scalar loop
// passes only its induction variable, a value from before the loop or a
// reduction out leaves to the loop's exit directly (chacha20's keystream
// xor, clang's four bytes per iteration; memcopy's sum of the bytes it
// copied; a copy loop run as memory.copy), and one whose exit uses
// another value of the body still passes through the scalar loop; all
// behave as before on every trip count and placement.
func TestVectorizeLeavesNoTail(t *testing.T) {
	xorBytes := func(live func(c *loopCtx, last ssa.Value) ssa.Value) func() *ssa.Func {
		return func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				var last ssa.Value
				for off := range uint64(4) {
					last = c.op(ssa.OpBxor, i32, c.loadNarrow(ssa.Mem8U, c.a, off), c.loadNarrow(ssa.Mem8U, c.b, off))
					c.storeNarrow(ssa.Mem8U, c.a, off, last)
				}
				return nil, live(c, last)
			})
		}
	}
	sumBytes := func() *ssa.Func {
		return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			s := c.carried[0]
			for off := range uint64(4) {
				s = c.op(ssa.OpIadd, i32, s, c.loadNarrow(ssa.Mem8U, c.a, off))
			}
			return []ssa.Value{s}, s
		})
	}
	copyBytes := func() *ssa.Func { // becomes a memory.copy
		return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			c.storeNarrow(ssa.Mem8U, c.c, 0, c.loadNarrow(ssa.Mem8U, c.a, 0))
			return nil, c.i
		})
	}
	cases := []struct {
		loopCase
		direct bool
	}{
		{loopCase{"exit passes i", xorBytes(func(c *loopCtx, _ ssa.Value) ssa.Value { return c.i }), 1}, true},
		{loopCase{"exit passes x", xorBytes(func(c *loopCtx, _ ssa.Value) ssa.Value { return c.x }), 1}, true},
		{loopCase{"exit passes a sum of the bytes", sumBytes, 1}, true},
		{loopCase{"a copy's exit passes i", copyBytes, 1}, true},
		{loopCase{"exit passes the last byte", xorBytes(func(_ *loopCtx, last ssa.Value) ssa.Value { return last }), 1}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkVectorizes(t, tc.loopCase, 5, 1)
			f := tc.build()
			exit := f.Blocks[3] // countedLoop's exit block
			require.Equal(t, 1, Vectorize(f))
			want := 1
			if tc.direct {
				want = 2 // the scalar loop and the vector loop's exit
			}
			require.Len(t, exit.Preds, want, f.Format())
		})
	}
}
