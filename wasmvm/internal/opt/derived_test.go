package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// derivedJoin builds f(x, n): one edge passes (n-1 != 0, n-1) to a
// join, the other (n != k, n); the join returns m*3 where its first
// parameter holds, else 77.
func derivedJoin(k uint64) (*ssa.Func, *ssa.Block) {
	f, b := newFunc(i32, i32)
	x, n := f.Entry().Params[0], f.Entry().Params[1]
	one, other, join, yes, no := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	c, m := f.AddParam(join, i32), f.AddParam(join, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{binary(b, ssa.OpBand, x, b.Iconst(i32, 1))},
		Targets: []ssa.BlockCall{{Block: one.ID}, {Block: other.ID}}})
	b.Seal(one)
	b.Seal(other)
	b.SetCurrent(one)
	n1 := binary(b, ssa.OpIsub, n, b.Iconst(i32, 1))
	b.Jump(join, icmp(b, ssa.CondNe, n1, b.Iconst(i32, 0)), n1)
	b.SetCurrent(other)
	b.Jump(join, icmp(b, ssa.CondNe, n, b.Iconst(i32, k)), n)
	b.Seal(join)
	b.SetCurrent(join)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: []ssa.BlockCall{{Block: yes.ID}, {Block: no.ID}}})
	b.Seal(yes)
	b.Seal(no)
	b.SetCurrent(yes)
	ret(b, binary(b, ssa.OpImul, m, b.Iconst(i32, 3)))
	b.SetCurrent(no)
	ret(b, b.Iconst(i32, 77))
	return f, join
}

func runDeriveParams(f *ssa.Func) bool {
	changed := deriveParams(f, dominators(f))
	DeadCode(f)
	return changed
}

var derivedInputs = [][]uint64{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {0, 5}, {3, 0xFFFFFFFF}, {2, 0x80000000}}

// TestDeriveParams checks that a join's parameter that every edge passes
// as n' != 0 of the argument for its other parameter is computed in the
// join from that parameter, with the same results, and that the
// comparisons on the edges go.
func TestDeriveParams(t *testing.T) {
	f, join := derivedJoin(0)
	checkSame(t, f, func(f *ssa.Func) { require.True(t, runDeriveParams(f)) }, derivedInputs)
	require.Len(t, join.Params, 1, f.Format())
	cmps := 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op == ssa.OpIcmp {
				cmps++
				require.Equal(t, join.ID, in.Block, f.Format())
			}
		}
	}
	require.Equal(t, 1, cmps, f.Format())
}

// TestDeriveParamsNeedsOneComparison checks that edges comparing with
// different constants keep the parameter.
func TestDeriveParamsNeedsOneComparison(t *testing.T) {
	f, join := derivedJoin(1)
	checkSame(t, f, func(f *ssa.Func) { require.False(t, runDeriveParams(f)) }, derivedInputs)
	require.Len(t, join.Params, 2, f.Format())
}
