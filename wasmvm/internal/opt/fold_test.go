package opt

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

var (
	i32   = ssa.TypeI32
	i64   = ssa.TypeI64
	f64   = ssa.TypeF64
	i32x2 = []ssa.Type{i32, i32}
)

// newFunc starts a function with the given parameters and one i32 result.
func newFunc(params ...ssa.Type) (*ssa.Func, *ssa.Builder) {
	f := ssa.NewFunc("t", ssa.Signature{Params: params, Results: []ssa.Type{i32}})
	return f, ssa.NewBuilder(f)
}

func binary(b *ssa.Builder, op ssa.Op, x, y ssa.Value) ssa.Value {
	return b.Value1(op, b.Func().TypeOf(x), x, y)
}

func icmp(b *ssa.Builder, c ssa.Cond, x, y ssa.Value) ssa.Value {
	return b.Emit(&ssa.Instr{Op: ssa.OpIcmp, Cond: c, Args: []ssa.Value{x, y}}, i32).Result()
}

func ret(b *ssa.Builder, vs ...ssa.Value) { b.Emit(&ssa.Instr{Op: ssa.OpReturn, Args: vs}) }

// checkSame runs f before and after pass on every argument list and
// requires equal results and traps, and a valid function after.
func checkSame(t *testing.T, f *ssa.Func, pass func(*ssa.Func), inputs [][]uint64) {
	t.Helper()
	require.NoError(t, f.Verify())
	type outcome struct {
		res  []uint64
		trap ssa.TrapCode
	}
	var before []outcome
	for _, in := range inputs {
		res, trap, err := evalFunc(f, in, nil)
		require.NoError(t, err)
		before = append(before, outcome{res, trap})
	}
	pass(f)
	require.NoError(t, f.Verify(), f.Format())
	for i, in := range inputs {
		res, trap, err := evalFunc(f, in, nil)
		require.NoError(t, err)
		require.Equal(t, before[i], outcome{res, trap}, "input %v\n%s", in, f.Format())
	}
}

func optimize(f *ssa.Func) {
	if err := Optimize(f); err != nil {
		panic(err)
	}
}

var sampleInputs = [][]uint64{{0, 0}, {1, 2}, {7, 0xFFFFFFFF}, {0x80000000, 31}, {12345, 33}, {0xFFFFFFFF, 0xFFFFFFFF}}

func TestFoldConstants(t *testing.T) {
	f, b := newFunc(i32, i32)
	c6 := b.Iconst(i32, 6)
	c7 := b.Iconst(i32, 7)
	prod := binary(b, ssa.OpImul, c6, c7)                     // 42
	shifted := binary(b, ssa.OpIshl, prod, b.Iconst(i32, 33)) // count 33 is 1: 84
	wide := b.Emit(&ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{shifted}}, i64).Result()
	back := b.Value1(ssa.OpIreduce, i32, binary(b, ssa.OpIadd, wide, b.Iconst(i64, 1<<32+1)))
	ret(b, back)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v10:i32 = iconst 85
    return v10
`, f.Format())
}

// TestFoldKeepsTraps checks that a division by a constant zero and an
// overflowing signed division stay, while one that cannot trap folds.
func TestFoldKeepsTraps(t *testing.T) {
	f, b := newFunc(i32, i32)
	zero := b.Iconst(i32, 0)
	minInt := b.Iconst(i32, 0x80000000)
	minus1 := b.Iconst(i32, 0xFFFFFFFF)
	b.Value1(ssa.OpUdiv, i32, b.Iconst(i32, 10), zero)
	b.Value1(ssa.OpSdiv, i32, minInt, minus1)
	q := b.Value1(ssa.OpSdiv, i32, b.Iconst(i32, 10), minus1)
	ret(b, q)
	checkSame(t, f, optimize, sampleInputs)
	require.Contains(t, f.Format(), "udiv")
	require.Contains(t, f.Format(), "sdiv")
	require.Contains(t, f.Format(), "iconst 4294967286\n    return") // 10 / -1 cannot trap: folded
}

func TestFoldFloatNaNStays(t *testing.T) {
	f := ssa.NewFunc("t", ssa.Signature{Results: []ssa.Type{f64}})
	b := ssa.NewBuilder(f)
	zero := b.Emit(&ssa.Instr{Op: ssa.OpF64const, Imm: 0}, f64).Result()
	two := b.Emit(&ssa.Instr{Op: ssa.OpF64const, Imm: math.Float64bits(2)}, f64).Result()
	nan := b.Value1(ssa.OpFdiv, f64, zero, zero)
	sum := b.Value1(ssa.OpFadd, f64, nan, b.Value1(ssa.OpFmul, f64, two, two))
	ret(b, sum)
	Fold(f)
	require.Equal(t, `func t() -> (f64)
b0():
    v0:f64 = f64const 0
    v1:f64 = f64const 2
    v2:f64 = fdiv v0, v0
    v3:f64 = f64const 4
    v4:f64 = fadd v2, v3
    return v4
`, f.Format())
}

func TestFoldIdentities(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	v := binary(b, ssa.OpIadd, b.Iconst(i32, 0), x)           // x
	v = binary(b, ssa.OpImul, v, b.Iconst(i32, 8))            // x << 3
	v = binary(b, ssa.OpBand, v, b.Iconst(i32, 0xFFFFFFFF))   // same
	count := binary(b, ssa.OpBand, y, b.Iconst(i32, 31))      // shifts mask anyway
	v = binary(b, ssa.OpIshl, v, count)                       // v << y
	v = binary(b, ssa.OpUrem, v, b.Iconst(i32, 1024))         // v & 1023
	v = binary(b, ssa.OpUdiv, v, b.Iconst(i32, 4))            // v >> 2
	v = binary(b, ssa.OpIadd, v, binary(b, ssa.OpBxor, y, y)) // + 0
	ne := icmp(b, ssa.CondNe, x, y)
	eqz := icmp(b, ssa.CondEq, ne, b.Iconst(i32, 0)) // x == y
	v = binary(b, ssa.OpIadd, v, eqz)
	v = binary(b, ssa.OpIadd, v, icmp(b, ssa.CondULt, y, b.Iconst(i32, 0))) // + 0
	ret(b, v)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v24:i32 = iconst 3
    v5:i32 = ishl v0, v24
    v10:i32 = ishl v5, v1
    v25:i32 = iconst 1023
    v12:i32 = band v10, v25
    v26:i32 = iconst 2
    v14:i32 = ushr v12, v26
    v27:i32 = icmp eq, v0, v1
    v20:i32 = iadd v14, v27
    return v20
`, f.Format())
}

// TestFoldMaskOfMask checks that a mask of a masked value is one mask
// (or the inner one, or 0 where the two share no bits, as the vectorizer's
// multiple-of-the-step test of a trip count rounded down to the step),
// and that a comparison's 0 or 1 masked with a constant keeping bit 0 is
// the comparison.
func TestFoldMaskOfMask(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	rounded := binary(b, ssa.OpBand, x, b.Iconst(i32, 0xFFFFFFFC))
	v := binary(b, ssa.OpBand, rounded, b.Iconst(i32, 3))                                                                   // 0
	v = binary(b, ssa.OpIadd, v, binary(b, ssa.OpBand, binary(b, ssa.OpBand, y, b.Iconst(i32, 0xF0)), b.Iconst(i32, 0xFF))) // y & 0xF0
	v = binary(b, ssa.OpIadd, v, binary(b, ssa.OpBand, binary(b, ssa.OpBand, x, b.Iconst(i32, 0xF0)), b.Iconst(i32, 0x3C))) // x & 0x30
	v = binary(b, ssa.OpIadd, v, binary(b, ssa.OpBand, icmp(b, ssa.CondULt, x, y), b.Iconst(i32, 1)))                       // the comparison
	ret(b, v)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v6:i32 = iconst 240
    v7:i32 = band v1, v6
    v20:i32 = iconst 48
    v14:i32 = band v0, v20
    v15:i32 = iadd v7, v14
    v16:i32 = icmp ult, v0, v1
    v19:i32 = iadd v15, v16
    return v19
`, f.Format())
}

// TestFoldComparisonAsNumber checks that a comparison's 0 or 1 tested
// against zero as a number is the comparison (!= 0, >u 0) or its negation
// (== 0, <=u 0, in the comparison's block), and that a value that is not
// a comparison's result keeps its test.
func TestFoldComparisonAsNumber(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	zero := b.Iconst(i32, 0)
	lt := icmp(b, ssa.CondSLt, x, y)
	v := binary(b, ssa.OpIadd, icmp(b, ssa.CondNe, lt, zero), icmp(b, ssa.CondUGt, lt, zero))
	v = binary(b, ssa.OpIadd, v, icmp(b, ssa.CondULe, lt, zero))
	low := binary(b, ssa.OpBand, x, b.Iconst(i32, 1)) // 0 or 1 too, but no comparison
	v = binary(b, ssa.OpIadd, v, icmp(b, ssa.CondNe, low, zero))
	ret(b, v)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iconst 0
    v3:i32 = icmp slt, v0, v1
    v6:i32 = iadd v3, v3
    v13:i32 = icmp sge, v0, v1
    v8:i32 = iadd v6, v13
    v9:i32 = iconst 1
    v10:i32 = band v0, v9
    v11:i32 = icmp ne, v10, v2
    v12:i32 = iadd v8, v11
    return v12
`, f.Format())
}

func TestFoldBranches(t *testing.T) {
	f, b := newFunc(i32, i32)
	x := f.Entry().Params[0]
	then, els, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{b.Iconst(i32, 1)},
		Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.SetCurrent(then)
	b.Jump(join, x)
	b.SetCurrent(els)
	b.Jump(join, b.Iconst(i32, 5))
	b.SetCurrent(join)
	p := f.AddParam(join, i32)
	exitA, exitB := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrTable, Args: []ssa.Value{b.Iconst(i32, 9)}, // out of range: the last
		Targets: []ssa.BlockCall{{Block: exitA.ID}, {Block: exitB.ID}}})
	b.SetCurrent(exitA)
	ret(b, b.Iconst(i32, 0))
	b.SetCurrent(exitB)
	ret(b, p)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    jump b1()
b1():
    jump b3()
b3():
    jump b5()
b5():
    return v0
`, f.Format())
	require.Empty(t, els.Preds)
	require.Empty(t, exitA.Preds)
	require.Equal(t, []ssa.BlockID{1}, join.Preds)
}

// TestFoldTestOfZero checks that a branch and a select on x == 0 or
// x != 0 test x itself (the comparison, shared, would otherwise be
// materialized as a value), with the targets or operands swapped for ==;
// where the branch decides the comparison (x == 0 where x is 0), it is a
// constant (PropagateConditions).
func TestFoldTestOfZero(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	zero := b.Iconst(i32, 0)
	isZero := icmp(b, ssa.CondEq, x, zero)
	nonZero := icmp(b, ssa.CondNe, y, zero)
	sel := b.Emit(&ssa.Instr{Op: ssa.OpSelect, Args: []ssa.Value{nonZero, x, y}}, i32).Result()
	then, els := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{isZero}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.SetCurrent(then)
	ret(b, binary(b, ssa.OpIadd, sel, isZero))
	b.SetCurrent(els)
	ret(b, sel)
	checkSame(t, f, optimize, sampleInputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v5:i32 = select v1, v0, v1
    brif v0, b2(), b1()
b1():
    v7:i32 = iconst 1
    v6:i32 = iadd v5, v7
    return v6
b2():
    return v5
`, f.Format())
}
