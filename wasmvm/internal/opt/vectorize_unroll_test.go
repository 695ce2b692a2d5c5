package opt

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// vectorLoads counts the v128 loads of f.
func vectorLoads(f *ssa.Func) int {
	n := 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op == ssa.OpLoad && ssa.MemAccess(in.Aux) == ssa.Mem128 {
				n++
			}
		}
	}
	return n
}

// TestVectorizeUnrolls checks that short vector bodies get an unrolled
// loop (four copies of the body's loads beside the one-vector loop's) and
// long ones do not, and that both behave as the scalar loop.
func TestVectorizeUnrolls(t *testing.T) {
	f64 := ssa.TypeF64
	// c[j] += x*b[j], clang's body of two elements, as in matmul.
	short := loopCase{"f64 c[j] += x*b[j]", func() *ssa.Func {
		return countedLoop(16, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			for _, off := range []uint64{0, 8} {
				v := c.op(ssa.OpFadd, f64, c.op(ssa.OpFmul, f64, c.x, c.load(f64, c.b, off)), c.load(f64, c.c, off))
				c.store(c.c, off, v)
			}
			return nil, c.i
		})
	}, 8}
	// A chain of 60 operations: too long to unroll.
	long := loopCase{"f64 a long chain", func() *ssa.Func {
		return countedLoop(8, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			v := c.load(f64, c.a, 0)
			for k := range 60 {
				op := []ssa.Op{ssa.OpFadd, ssa.OpFmul, ssa.OpFsub}[k%3]
				v = c.op(op, f64, v, c.x)
			}
			c.store(c.c, 0, v)
			return nil, c.i
		})
	}, 8}
	for _, tc := range []struct {
		c     loopCase
		loads int
	}{{short, 2 * (1 + 4)}, {long, 1}} {
		t.Run(tc.c.name, func(t *testing.T) {
			f := tc.c.build()
			require.Equal(t, 1, Vectorize(f))
			require.Equal(t, tc.loads, vectorLoads(f), "%s", f.Format())
			checkVectorizes(t, tc.c, math.Float64bits(0.75), 1)
		})
	}
}
