package opt

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// loopCtx is what a test loop body builds with: the body block, the
// induction variable (a byte offset), the function's parameters a, b, c
// (array addresses), n (the trip count) and x (an extra value), and the
// body's carried parameters.
type loopCtx struct {
	f       *ssa.Func
	body    *ssa.Block
	i       ssa.Value
	a, b, c ssa.Value
	x       ssa.Value
	carried []ssa.Value
}

func (c *loopCtx) op(op ssa.Op, t ssa.Type, args ...ssa.Value) ssa.Value {
	return c.f.Append(c.body, &ssa.Instr{Op: op, Args: args}, t).Result()
}

func (c *loopCtx) k32(x uint64) ssa.Value {
	return c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, i32).Result()
}

// addr is base + i + off, computed the way clang's output does.
func (c *loopCtx) addr(base ssa.Value, off uint64) ssa.Value {
	a := c.op(ssa.OpIadd, i32, c.i, base)
	if off != 0 {
		a = c.op(ssa.OpIadd, i32, a, c.k32(off))
	}
	return a
}

func (c *loopCtx) load(t ssa.Type, base ssa.Value, off uint64) ssa.Value {
	ma := ssa.Mem64
	if t.Bits() == 32 {
		ma = ssa.Mem32
	}
	return c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ma), Args: []ssa.Value{c.addr(base, off)}}, t).Result()
}

func (c *loopCtx) store(base ssa.Value, off uint64, v ssa.Value) {
	ma := ssa.Mem64
	if c.f.TypeOf(v).Bits() == 32 {
		ma = ssa.Mem32
	}
	c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(base, off), v}})
}

// bodyBuilder builds a body and returns the values its carried parameters
// take next and the value the function returns after the loop.
type bodyBuilder func(c *loopCtx) (back []ssa.Value, live ssa.Value)

// countedLoop builds func(a, b, c, n i32, x xt) that returns 0 if n is 0
// and otherwise runs body for i = 0, step, ..., (n-1)*step (wrapping) in
// a single-block loop and returns its live value; carried parameters
// start as x.
func countedLoop(step uint64, xt, result ssa.Type, carried int, body bodyBuilder) *ssa.Func {
	f := ssa.NewFunc("loop", ssa.Signature{Params: []ssa.Type{i32, i32, i32, i32, xt}, Results: []ssa.Type{result}})
	entry, pre, loop, exit, empty := f.Entry(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	p := entry.Params
	limit := f.Append(entry, &ssa.Instr{Op: ssa.OpImul, Args: []ssa.Value{p[3],
		f.Append(entry, &ssa.Instr{Op: ssa.OpIconst, Imm: step}, i32).Result()}}, i32).Result()
	zero := f.Append(entry, &ssa.Instr{Op: ssa.OpIconst}, i32).Result()
	none := f.Append(entry, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{p[3], zero}}, i32).Result()
	f.Append(entry, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{none}, Targets: []ssa.BlockCall{{Block: empty.ID}, {Block: pre.ID}}})
	initial := []ssa.Value{zero}
	ctx := &loopCtx{f: f, body: loop, i: f.AddParam(loop, i32), a: p[0], b: p[1], c: p[2], x: p[4]}
	for range carried {
		ctx.carried = append(ctx.carried, f.AddParam(loop, xt))
		initial = append(initial, p[4])
	}
	f.Append(pre, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: initial}}})
	back, live := body(ctx)
	next := ctx.op(ssa.OpIadd, i32, ctx.i, ctx.k32(step))
	more := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondNe, Args: []ssa.Value{next, limit}}, i32).Result()
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{more}, Targets: []ssa.BlockCall{
		{Block: loop.ID, Args: append([]ssa.Value{next}, back...)}, {Block: exit.ID, Args: []ssa.Value{live}}}})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{f.AddParam(exit, result)}})
	op := ssa.OpIconst
	if result.IsFloat() {
		op = ssa.OpF64const
		if result == ssa.TypeF32 {
			op = ssa.OpF32const
		}
	}
	f.Append(empty, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{f.Append(empty, &ssa.Instr{Op: op}, result).Result()}})
	return f
}

// loopCase is a loop and the arguments to run it on.
type loopCase struct {
	name  string
	build func() *ssa.Func
	elem  uint64 // bytes per element, for placing the arrays
}

const memSize = 1 << 16

// placements are array addresses (a, b, c) relative to the element size
// e: apart, the same, overlapping by one element either way, near the
// memory's end so that an access traps partway, and at addresses that are
// not multiples of the element size or of 16.
func placements(e uint64) [][3]uint64 {
	end := uint64(memSize)
	return [][3]uint64{
		{0, 4096, 8192},
		{64, 4096 + 3*e, 8192 + e},
		{0, 4096, 0},
		{0, 4096, e},
		{e, 4096, 0},
		{4096, 4096 - 2*e, 4096 + 16},
		{0, 4096, end - 7*e},
		{end - 5*e, 4096, 8192},
		{0, end - 9*e, 4096},
		{0xFFFFFFFF - 3*e + 1, 4096, 8192}, // wraps around the 32-bit space
		{3, 4096 + 5, 8192 + 1},            // elements off their alignment
		{8, 4096 + 24, 8192 + 40},          // 8 bytes off a vector's
	}
}

// tripCounts are the loops' trip counts the tests run: every count up
// to 40 (no vector loop; vector loops of each length, which the unrolled
// loop runs whole or in part, leaving 0 to 3 vector iterations and the
// scalar ones), two past the unrolled loop's, and one large enough to
// run off the memory's end.
var tripCounts = func() []uint64 {
	var ns []uint64
	for n := range uint64(40) {
		ns = append(ns, n+1)
	}
	return append(ns, 47, 64, 0x20000000)
}()

// checkVectorizes requires Vectorize (and Tidy after it, as the backends
// run them) to vectorize wantLoops loops of the case's function and the
// result to behave as the original (results, traps, memory afterwards) on
// tripCounts with every placement, taking the vector loop at least
// sometimes.
func checkVectorizes(t *testing.T, c loopCase, x uint64, wantLoops int) {
	t.Helper()
	checkVectorizesAt(t, c, x, wantLoops, placements(c.elem))
}

// checkVectorizesAt is checkVectorizes with the given array placements.
func checkVectorizesAt(t *testing.T, c loopCase, x uint64, wantLoops int, places [][3]uint64) {
	t.Helper()
	ran := compareVectorized(t, c, x, wantLoops, places)
	if wantLoops > 0 {
		require.Positive(t, ran, "%s: the vector loop never ran", c.name)
	}
}

// compareVectorized requires Vectorize to vectorize wantLoops loops of the
// case's function and the result to behave as the original; it returns
// how many runs took the vector loop.
func compareVectorized(t *testing.T, c loopCase, x uint64, wantLoops int, places [][3]uint64) int {
	t.Helper()
	scalar, vector := c.build(), c.build()
	require.Equal(t, wantLoops, Vectorize(vector), "%s", vector.Format())
	require.NoError(t, vector.Verify(), vector.Format())
	Tidy(vector)
	require.NoError(t, vector.Verify(), vector.Format())
	rng := rand.New(rand.NewPCG(1, 2))
	init := make([]byte, memSize)
	for i := range init {
		init[i] = byte(rng.Uint32())
	}
	ran := 0
	for _, place := range places {
		for _, n := range tripCounts {
			args := []uint64{place[0], place[1], place[2], n, x}
			m1, m2 := bytes.Clone(init), bytes.Clone(init)
			r1, trap1, _, err := evalMem(scalar, args, m1)
			require.NoError(t, err)
			r2, trap2, wide, err := evalMem(vector, args, m2)
			require.NoError(t, err)
			require.Equal(t, trap1, trap2, "%s %v", c.name, args)
			require.Equal(t, r1, r2, "%s %v", c.name, args)
			require.True(t, bytes.Equal(m1, m2), "%s %v: memory differs", c.name, args)
			if wide > 0 {
				ran++
			}
		}
	}
	return ran
}

func TestVectorizeElementwise(t *testing.T) {
	f32, f64 := ssa.TypeF32, ssa.TypeF64
	cases := []struct {
		loopCase
		x uint64
	}{
		{loopCase{"f64 a*b+x", func() *ssa.Func {
			return countedLoop(8, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.op(ssa.OpFadd, f64, c.op(ssa.OpFmul, f64, c.load(f64, c.a, 0), c.load(f64, c.b, 0)), c.x)
				c.store(c.c, 0, v)
				return nil, c.i
			})
		}, 8}, math.Float64bits(1.5)},
		{loopCase{"i32 (a<<3)^b - 7", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.op(ssa.OpBxor, i32, c.op(ssa.OpIshl, i32, c.load(i32, c.a, 0), c.k32(3)), c.load(i32, c.b, 0))
				v = c.op(ssa.OpIsub, i32, v, c.x)
				c.store(c.c, 0, v)
				return nil, v
			})
		}, 4}, 7},
		{loopCase{"i64 a>>x + a*b", func() *ssa.Func {
			return countedLoop(8, i64, i64, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.load(i64, c.a, 0)
				v := c.op(ssa.OpIadd, i64, c.op(ssa.OpSshr, i64, a, c.x), c.op(ssa.OpImul, i64, a, c.load(i64, c.b, 0)))
				c.store(c.c, 0, v)
				return nil, v
			})
		}, 8}, 67},
		{loopCase{"f32 sqrt(a) / -|b|", func() *ssa.Func {
			return countedLoop(4, f32, f32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				b := c.op(ssa.OpFneg, f32, c.op(ssa.OpFabs, f32, c.load(f32, c.b, 0)))
				v := c.op(ssa.OpFdiv, f32, c.op(ssa.OpFsqrt, f32, c.load(f32, c.a, 0)), b)
				c.store(c.c, 0, v)
				return nil, v
			})
		}, 4}, 0},
		{loopCase{"f64 c[j] += x*b[j] unrolled twice", func() *ssa.Func {
			return countedLoop(16, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				for _, off := range []uint64{0, 8} {
					v := c.op(ssa.OpFadd, f64, c.op(ssa.OpFmul, f64, c.x, c.load(f64, c.b, off)), c.load(f64, c.c, off))
					c.store(c.c, off, v)
				}
				return nil, c.i
			})
		}, 8}, math.Float64bits(-0.25)},
		{loopCase{"i32 c[j..j+3] = a[j..j+3] - b[...] unrolled four times", func() *ssa.Func {
			return countedLoop(16, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				for _, off := range []uint64{8, 0, 12, 4} {
					c.store(c.c, off, c.op(ssa.OpIsub, i32, c.load(i32, c.a, off), c.load(i32, c.b, off)))
				}
				return nil, c.i
			})
		}, 4}, 0},
		{carriedStencil("f64 stencil with a carried load", 8), math.Float64bits(0.2)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkVectorizes(t, tc.loopCase, tc.x, 1) })
	}
}

// carriedStencil is c[j] = (p + a[j+next] + a[j]) * x over f64 elements,
// p the previous iteration's a[j+next] (x at first).
func carriedStencil(name string, next uint64) loopCase {
	return loopCase{name, func() *ssa.Func {
		f64 := ssa.TypeF64
		return countedLoop(8, f64, f64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			after := c.load(f64, c.a, next)
			sum := c.op(ssa.OpFadd, f64, c.op(ssa.OpFadd, f64, c.carried[0], after), c.load(f64, c.a, 0))
			v := c.op(ssa.OpFmul, f64, sum, c.x)
			c.store(c.c, 0, v)
			return []ssa.Value{after}, v
		})
	}, 8}
}

func TestVectorizeReductions(t *testing.T) {
	cases := []loopCase{
		{"i32 sum of a*b", func() *ssa.Func {
			return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.op(ssa.OpImul, i32, c.load(i32, c.a, 0), c.load(i32, c.b, 0)), c.carried[0])
				return []ssa.Value{s}, s
			})
		}, 4},
		{"i64 xor and store", func() *ssa.Func {
			return countedLoop(8, i64, i64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.load(i64, c.a, 0)
				c.store(c.c, 0, c.op(ssa.OpIadd, i64, a, c.x))
				s := c.op(ssa.OpBxor, i64, c.carried[0], a)
				return []ssa.Value{s}, s
			})
		}, 8},
		{"i32 and", func() *ssa.Func {
			return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpBand, i32, c.load(i32, c.a, 0), c.carried[0])
				return []ssa.Value{s}, c.carried[0]
			})
		}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 0xF0F0F0F0F0F0F0F0, 1) })
	}
}

// TestVectorizeRefuses checks loops Vectorize must leave alone, and that
// they still behave the same.
func TestVectorizeRefuses(t *testing.T) {
	f64 := ssa.TypeF64
	cases := []loopCase{
		{"division may trap", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.store(c.c, 0, c.op(ssa.OpUdiv, i32, c.load(i32, c.a, 0), c.load(i32, c.b, 0)))
				return nil, c.i
			})
		}, 4},
		{"mixed element sizes", func() *ssa.Func {
			return countedLoop(8, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.store(c.c, 0, c.load(f64, c.a, 0))
				c.store(c.b, 0, c.load(i32, c.a, 0))
				return nil, c.i
			})
		}, 8},
		{"a reduction", func() *ssa.Func {
			return countedLoop(8, f64, f64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpFadd, f64, c.carried[0], c.load(f64, c.a, 0))
				c.store(c.c, 0, s)
				return []ssa.Value{s}, s
			})
		}, 8},
		{"a prefix sum: the partial result stored", func() *ssa.Func {
			return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.carried[0], c.load(i32, c.a, 0))
				c.store(c.c, 0, s)
				return []ssa.Value{s}, s
			})
		}, 4},
		{"the induction variable as data", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.store(c.c, 0, c.op(ssa.OpIadd, i32, c.i, c.load(i32, c.a, 0)))
				return nil, c.i
			})
		}, 4},
		{"an unrolled body whose members differ", func() *ssa.Func {
			return countedLoop(16, f64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.store(c.c, 0, c.op(ssa.OpFadd, f64, c.load(f64, c.a, 0), c.x))
				c.store(c.c, 8, c.op(ssa.OpFmul, f64, c.load(f64, c.a, 8), c.x))
				return nil, c.i
			})
		}, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 3, 0) })
	}
}

// pointerLoop builds func(a, b, c, n i32, x f64) that returns 0 if n is 0
// and otherwise runs c[k] = a[k]*x - b[k] over n f64 elements the way
// clang writes a loop of unknown length: three pointers stepping by 8 and
// a counter stepping down to 0; it returns the final c pointer.
func pointerLoop() *ssa.Func {
	f := ssa.NewFunc("ptrs", ssa.Signature{Params: []ssa.Type{i32, i32, i32, i32, f64}, Results: []ssa.Type{i32}})
	entry, pre, loop, exit, empty := f.Entry(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	p := entry.Params
	k := func(b *ssa.Block, x uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, i32).Result()
	}
	none := f.Append(entry, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{p[3], k(entry, 0)}}, i32).Result()
	f.Append(entry, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{none}, Targets: []ssa.BlockCall{{Block: empty.ID}, {Block: pre.ID}}})
	f.Append(pre, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{p[3], p[2], p[0], p[1]}}}})
	n, dst, src, sub := f.AddParam(loop, i32), f.AddParam(loop, i32), f.AddParam(loop, i32), f.AddParam(loop, i32)
	c := &loopCtx{f: f, body: loop}
	ld := func(addr ssa.Value) ssa.Value {
		return f.Append(loop, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem64), Args: []ssa.Value{addr}}, f64).Result()
	}
	v := c.op(ssa.OpFsub, f64, c.op(ssa.OpFmul, f64, ld(src), p[4]), ld(sub))
	f.Append(loop, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem64), Args: []ssa.Value{dst, v}})
	eight := k(loop, 8)
	next := []ssa.Value{c.op(ssa.OpIadd, i32, n, k(loop, 0xFFFFFFFF)), c.op(ssa.OpIadd, i32, dst, eight),
		c.op(ssa.OpIadd, i32, eight, src), c.op(ssa.OpIadd, i32, sub, eight)}
	more := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondNe, Args: []ssa.Value{next[0], k(loop, 0)}}, i32).Result()
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{more}, Targets: []ssa.BlockCall{
		{Block: loop.ID, Args: next}, {Block: exit.ID, Args: []ssa.Value{next[1]}}}})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{f.AddParam(exit, i32)}})
	f.Append(empty, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{k(empty, 0)}})
	return f
}

func TestVectorizePointers(t *testing.T) {
	checkVectorizes(t, loopCase{"f64 pointers and a down counter", pointerLoop, 8}, math.Float64bits(3), 1)
}

// loadNarrow loads an i32 from ma (8 or 16 bits) at base + i + off.
func (c *loopCtx) loadNarrow(ma ssa.MemAccess, base ssa.Value, off uint64) ssa.Value {
	return c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ma), Args: []ssa.Value{c.addr(base, off)}}, i32).Result()
}

// storeNarrow stores the low 8 or 16 bits (ma) of v at base + i + off.
func (c *loopCtx) storeNarrow(ma ssa.MemAccess, base ssa.Value, off uint64, v ssa.Value) {
	c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(base, off), v}})
}

func TestVectorizeNarrow(t *testing.T) {
	cases := []loopCase{
		{"i8 (a+b)^x", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.loadNarrow(ssa.Mem8S, c.b, 0))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.op(ssa.OpBxor, i32, v, c.x))
				return nil, v
			})
		}, 1},
		{"i16 a*b - (a<<3)", func() *ssa.Func {
			return countedLoop(2, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.loadNarrow(ssa.Mem16S, c.a, 0)
				v := c.op(ssa.OpIsub, i32, c.op(ssa.OpImul, i32, a, c.loadNarrow(ssa.Mem16U, c.b, 0)), c.op(ssa.OpIshl, i32, a, c.k32(3)))
				c.storeNarrow(ssa.Mem16U, c.c, 0, v)
				return nil, c.i
			})
		}, 2},
		{"i8 copy unrolled four times", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				for off := range uint64(4) {
					c.storeNarrow(ssa.Mem8U, c.c, off, c.loadNarrow(ssa.Mem8U, c.a, off))
				}
				return nil, c.i
			})
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 0x1F3, 1) })
	}
	refused := []loopCase{
		{"i8 shifted right: the high bits matter", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.op(ssa.OpUshr, i32, c.loadNarrow(ssa.Mem8S, c.a, 0), c.k32(1)))
				return nil, c.i
			})
		}, 1},
		{"i8 multiplied: no i8x16 multiplication", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.op(ssa.OpImul, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.x))
				return nil, c.i
			})
		}, 1},
		{"i8 sum of computed bytes: a reduction needs the high bits", func() *ssa.Func {
			return countedLoop(1, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.carried[0], c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.x))
				return []ssa.Value{s}, s
			})
		}, 1},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 0x1F3, 0) })
	}
}
