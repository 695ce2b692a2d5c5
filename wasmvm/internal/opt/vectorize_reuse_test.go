package opt

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestVectorizeReusesLoads checks that the copies of an unrolled vector
// loop loading vectors 16 bytes apart take the nearer one from the copy
// before instead of loading it again, and that the loop still behaves as
// the scalar one with the arrays apart, overlapping and off their
// alignment. The loads counted: those of the loop running the last
// vectors (one copy of the body) and of the unrolled loop (four copies,
// the first loading every vector).
func TestVectorizeReusesLoads(t *testing.T) {
	f64 := ssa.TypeF64
	cases := []struct {
		loopCase
		loads int // v128 loads after Vectorize (5 per vector the body loads, without reuse)
	}{
		{carriedStencil("f64 stencil: a[j-1] + a[j] + a[j+1], a[j] carried", 16), 2*5 - 3}, // a[j-1..j] loaded by the first copy only
		{loopCase{"f64 a[j] + a[j+2] + a[j+4]: a chain", func() *ssa.Func {
			return countedLoop(8, f64, f64, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				sum := c.op(ssa.OpFadd, f64, c.op(ssa.OpFadd, f64, c.load(f64, c.a, 0), c.load(f64, c.a, 16)), c.load(f64, c.a, 32))
				c.store(c.c, 0, c.op(ssa.OpFsub, f64, sum, c.x))
				return nil, sum
			})
		}, 8}, 3*5 - 6},
		{loopCase{"i32 a[j] ^ a[j+4] stored over b", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.op(ssa.OpBxor, i32, c.load(i32, c.a, 0), c.load(i32, c.a, 16))
				c.store(c.b, 0, c.op(ssa.OpIadd, i32, v, c.load(i32, c.b, 0)))
				return nil, v
			})
		}, 4}, 3*5 - 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkVectorizes(t, tc.loopCase, math.Float64bits(0.2), 1)
			f := tc.build()
			Vectorize(f)
			require.Equal(t, tc.loads, vectorLoads(f), f.Format())
		})
	}
}

// TestVectorizeKeepsLoadsAfterStores checks a loop whose vector of an
// iteration is what the previous one stored, 16 bytes further on (a[j] +=
// a[j-2], two elements an iteration, so that the vector loop runs one
// scalar iteration per vector iteration and needs no check between them):
// it loads both vectors in every iteration.
func TestVectorizeKeepsLoadsAfterStores(t *testing.T) {
	c := loopCase{"i64 a[j] += a[j-2], twice an iteration", func() *ssa.Func {
		return countedLoop(16, i64, i64, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			var v ssa.Value
			for _, off := range []uint64{16, 24} {
				v = c.op(ssa.OpIadd, i64, c.load(i64, c.a, off), c.load(i64, c.a, off-16))
				c.store(c.a, off, c.op(ssa.OpIadd, i64, v, c.x))
			}
			return nil, v
		})
	}, 8}
	checkVectorizes(t, c, 5, 1)
	f := c.build()
	Vectorize(f)
	require.Equal(t, 2*5, vectorLoads(f), f.Format())
}
