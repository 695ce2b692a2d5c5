package opt

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// copyShape is a copy loop's body: members elements of size bytes per
// iteration, in an order (copyBody's), going up or down.
type copyShape struct {
	typ     ssa.Type
	ma      ssa.MemAccess
	size    uint64
	members int
	order   int
	down    bool
}

func (s copyShape) String() string {
	return fmt.Sprintf("%d-byte x%d order %d down=%v", s.size, s.members, s.order, s.down)
}

func (s copyShape) build() *ssa.Func {
	step := s.size * uint64(s.members)
	if s.down {
		step = uint64(-uint32(step))
	}
	return countedLoop(step, i32, i32, 0, copyBody(s.typ, s.ma, s.size, s.members, s.order))
}

// copyShapes are the copy loops of wasi-libc's memcpy and memmove (words
// and bytes, unrolled by clang) and others.
func copyShapes() []copyShape {
	var shapes []copyShape
	for _, e := range []struct {
		typ  ssa.Type
		ma   ssa.MemAccess
		size uint64
	}{{i32, ssa.Mem8U, 1}, {i32, ssa.Mem16U, 2}, {i32, ssa.Mem32, 4}, {i64, ssa.Mem64, 8}} {
		for _, members := range []int{1, 2, 4, 8} {
			for _, order := range []int{loadsThenStores, interleaved, reversed} {
				if members == 1 && order != loadsThenStores {
					continue
				}
				for _, down := range []bool{false, true} {
					shapes = append(shapes, copyShape{e.typ, e.ma, e.size, members, order, down})
				}
			}
		}
	}
	return shapes
}

// TestVectorizeBulkCopies checks that copy loops become one memory.copy
// and no vector loop. (TestVectorizeCopies runs some of them at
// copyPlacements, TestVectorizeBulkCopiesRandom all of them.)
func TestVectorizeBulkCopies(t *testing.T) {
	for _, s := range copyShapes() {
		f := s.build()
		require.Equal(t, 1, Vectorize(f), "%s", s)
		require.Equal(t, 1, countOps(f, ssa.OpMemoryCopy), "%s: %s", s, f.Format())
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				require.False(t, in.Op.IsSIMD(), "%s: %s", s, f.Format())
			}
		}
	}
}

// TestVectorizeBulkCopiesRandom runs random copy loops over random
// placements (overlapping by a few bytes, far apart, near the memory's
// end or past it) and trip counts, memory.copy against the scalar loop:
// the same trap, results and memory afterwards (after a trap too, so the
// bytes before the faulting one are written).
func TestVectorizeBulkCopiesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 3))
	shapes := copyShapes()
	runs := 10000
	if testing.Short() {
		runs = 2000
	}
	init := randomMemory(rng)
	copied := 0
	for range runs {
		s := shapes[rng.IntN(len(shapes))]
		scalar, bulk := vectorizedPair(t, s.build)
		var src uint64
		switch rng.IntN(3) {
		case 0:
			src = memSize - uint64(rng.IntN(600))
		case 1:
			src = uint64(rng.Uint32())
		default:
			src = 16384 + uint64(rng.IntN(64))
		}
		dst := src + uint64(rng.IntN(81)) - 40
		if rng.IntN(4) == 0 {
			dst = uint64(rng.IntN(memSize))
		}
		n := uint64(1 + rng.IntN(120))
		if s.down {
			// Start high enough that the copy stays in the memory
			// (mostly): the loop's addresses go down from a and c.
			src, dst = src+n*s.size*uint64(s.members), dst+n*s.size*uint64(s.members)
		}
		args := []uint64{uint64(uint32(src)), 0, uint64(uint32(dst)), n, 0}
		m1, m2 := bytes.Clone(init), bytes.Clone(init)
		r1, trap1, _, err := evalMem(scalar, args, m1)
		require.NoError(t, err)
		r2, trap2, wide, err := evalMem(bulk, args, m2)
		require.NoError(t, err)
		require.Equal(t, trap1, trap2, "%s %v", s, args)
		require.Equal(t, r1, r2, "%s %v", s, args)
		require.True(t, bytes.Equal(m1, m2), "%s %v: memory differs", s, args)
		if wide > 0 {
			copied++
		}
	}
	require.Greater(t, copied, runs/10, "memory.copy ran too rarely")
}

// TestVectorizeBulkCopySameArray checks copies within one array,
// a[i] = a[i+d] (a memmove's forward loop when d > 0) and the
// replicating a[i+d] = a[i], going up and down.
func TestVectorizeBulkCopySameArray(t *testing.T) {
	for _, d := range []uint64{1, 3, 4, 16, 17, 64} {
		for _, ahead := range []bool{false, true} {
			for _, backward := range []bool{false, true} {
				step := uint64(1)
				if backward {
					step = down(1)
				}
				name := fmt.Sprintf("d %d ahead %v down %v", d, ahead, backward)
				c := loopCase{name, func() *ssa.Func {
					return countedLoop(step, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
						from, to := d, uint64(0)
						if ahead {
							from, to = 0, d
						}
						c.storeNarrow(ssa.Mem8U, c.a, to, c.loadNarrow(ssa.Mem8U, c.a, from))
						return nil, c.i
					})
				}, 1}
				t.Run(name, func(t *testing.T) {
					f := c.build()
					require.Equal(t, 1, Vectorize(f))
					require.Equal(t, 1, countOps(f, ssa.OpMemoryCopy))
					// Going up, the checks leave the destination at or
					// below the source or apart: a forward copy is right.
					// Going down it may lie above.
					require.Equal(t, !backward, firstMemoryCopy(f).Aux == ssa.CopyForward, f.Format())
					// Copies that replicate (the destination ahead going
					// up, behind going down) run the scalar loop whenever
					// the bytes overlap: always when d is below the
					// shortest copy, 32 bytes.
					replicates := ahead != backward
					ran := compareVectorized(t, c, 0, 1, [][3]uint64{{8192, 0, 0}, {memSize - 200, 0, 0}, {20, 0, 0}})
					switch {
					case !replicates:
						require.Positive(t, ran)
					case d < 32:
						require.Zero(t, ran)
					}
				})
			}
		}
	}
}

// firstMemoryCopy returns f's first memory.copy.
func firstMemoryCopy(f *ssa.Func) *ssa.Instr {
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op == ssa.OpMemoryCopy {
				return in
			}
		}
	}
	return nil
}

// TestVectorizeNotBulk checks loops that are not plain copies keep the
// vector loop: a store of a computed value, a store of a narrower value
// than its load, a body storing only part of each iteration's bytes, and
// a copy that also sums what it copies.
func TestVectorizeNotBulk(t *testing.T) {
	cases := []struct {
		loopCase
		want int // loops Vectorize vectorizes
	}{
		{loopCase{"c = a + x", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.x))
				return nil, c.i
			})
		}, 1}, 1},
		{loopCase{"c[2j] = a[2j], c[2j+1] = b[2j+1]", func() *ssa.Func {
			return countedLoop(2, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.loadNarrow(ssa.Mem8U, c.a, 0))
				c.storeNarrow(ssa.Mem8U, c.c, 1, c.loadNarrow(ssa.Mem8U, c.b, 1))
				return nil, c.i
			})
		}, 1}, 0},
		{loopCase{"copy and sum", func() *ssa.Func {
			return countedLoop(1, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.loadNarrow(ssa.Mem8U, c.a, 0)
				c.storeNarrow(ssa.Mem8U, c.c, 0, v)
				sum := c.op(ssa.OpIadd, i32, c.carried[0], v)
				return []ssa.Value{sum}, sum
			})
		}, 1}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := c.build()
			Vectorize(f)
			require.Zero(t, countOps(f, ssa.OpMemoryCopy), f.Format())
			checkVectorizes(t, c.loopCase, 3, c.want)
		})
	}
}

// randomMemory returns memSize random bytes, the memory the random
// bulk-loop tests start from.
func randomMemory(rng *rand.Rand) []byte {
	m := make([]byte, memSize)
	for i := range m {
		m[i] = byte(rng.Uint32())
	}
	return m
}

// vectorizedPair builds a loop twice and vectorizes the second copy,
// which must take the loop, tidy up and verify.
func vectorizedPair(t *testing.T, build func() *ssa.Func) (scalar, bulk *ssa.Func) {
	t.Helper()
	scalar, bulk = build(), build()
	require.Equal(t, 1, Vectorize(bulk))
	Tidy(bulk)
	require.NoError(t, bulk.Verify(), bulk.Format())
	return scalar, bulk
}
