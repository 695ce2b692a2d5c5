package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// buildClamp builds func clamp(x, lo i32) (i32, i32) with two returns:
// (lo, 1) when x <s lo, else (x, 0).
func buildClamp() *ssa.Func {
	f := ssa.NewFunc("clamp", ssa.Signature{Params: i32x2, Results: i32x2})
	b := ssa.NewBuilder(f)
	x, lo := f.Entry().Params[0], f.Entry().Params[1]
	low, ok := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{icmp(b, ssa.CondSLt, x, lo)},
		Targets: []ssa.BlockCall{{Block: low.ID}, {Block: ok.ID}}})
	b.SetCurrent(low)
	ret(b, lo, b.Iconst(i32, 1))
	b.SetCurrent(ok)
	ret(b, x, b.Iconst(i32, 0))
	return f
}

// TestInline checks that two calls of a function with branches and two
// returns, one after the other in a block, compute the same after
// inlining, and that no call is left.
func TestInline(t *testing.T) {
	clamp := buildClamp()
	require.NoError(t, Optimize(clamp))
	require.True(t, Inlinable(clamp, 0))

	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	first := b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 5, Args: []ssa.Value{x, y}}, i32, i32)
	second := b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 5, Args: []ssa.Value{first.Results[0], b.Iconst(i32, 100)}}, i32, i32)
	sum := binary(b, ssa.OpIadd, second.Results[0], binary(b, ssa.OpIadd, first.Results[1], second.Results[1]))
	ret(b, sum)
	require.NoError(t, f.Verify())

	callees := map[uint32]*ssa.Func{5: clamp}
	inputs := [][]uint64{{0, 0}, {5, 10}, {50, 10}, {200, 10}, {0xFFFFFFF0, 3}}
	var before [][]uint64
	for _, in := range inputs {
		res, trap, err := evalFunc(f, in, callees)
		require.NoError(t, err)
		require.Zero(t, trap)
		before = append(before, res)
	}
	require.True(t, Inline(f, func(idx uint32) *ssa.Func { return callees[idx] }))
	require.NoError(t, Optimize(f))
	require.NotContains(t, f.Format(), "call")
	for i, in := range inputs {
		res, trap, err := evalFunc(f, in, nil)
		require.NoError(t, err)
		require.Zero(t, trap)
		require.Equal(t, before[i], res, "input %v\n%s", in, f.Format())
	}
}

// TestInlinableRejects checks the functions that must keep their own
// frame: callers, loops at the entry and large bodies.
func TestInlinableRejects(t *testing.T) {
	caller, b := newFunc(i32, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 1, Args: caller.Entry().Params}, i32)
	ret(b, caller.Entry().Params[0])
	require.False(t, Inlinable(caller, 0), "calls a function of its module")
	require.False(t, Inlinable(caller, 1), "calls a function of its module")
	require.True(t, Inlinable(caller, 2), "calls an import")

	large, b := newFunc(i32, i32)
	v := large.Entry().Params[0]
	for range MaxInlineSize + 1 {
		v = binary(b, ssa.OpImul, v, v)
	}
	ret(b, v)
	require.False(t, Inlinable(large, 0))

	loop, b := newFunc(i32, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{loop.Entry().Params[0]},
		Targets: []ssa.BlockCall{{Block: 0, Args: loop.Entry().Params}, {Block: 0, Args: []ssa.Value{loop.Entry().Params[1], loop.Entry().Params[1]}}}})
	require.False(t, Inlinable(loop, 0))
}
