package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// buildErrnoJoin builds the shape inlining leaves behind: a fast path
// returning 0 and a slow one returning a computed code meet in a join
// that tests the code's low 16 bits. With failUsesCode the failing branch
// uses the code, with okUsesCode the succeeding one does.
func buildErrnoJoin(okUsesCode bool) (*ssa.Func, *ssa.Block) {
	f, b := newFunc(i32)
	x := f.Entry().Params[0]
	fast, slow, fail, ok := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	join := f.NewBlock()
	code := f.AddParam(join, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{binary(b, ssa.OpBand, x, b.Iconst(i32, 1))},
		Targets: []ssa.BlockCall{{Block: fast.ID}, {Block: slow.ID}}})
	b.Seal(fast)
	b.Seal(slow)
	b.SetCurrent(fast)
	b.Jump(join, b.Iconst(i32, 0))
	b.SetCurrent(slow)
	b.Jump(join, binary(b, ssa.OpImul, x, b.Iconst(i32, 0x10001)))
	b.Seal(join)
	b.SetCurrent(join)
	low := binary(b, ssa.OpBand, code, b.Iconst(i32, 0xffff))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{low}, Targets: []ssa.BlockCall{{Block: fail.ID}, {Block: ok.ID}}})
	b.Seal(fail)
	b.Seal(ok)
	b.SetCurrent(fail)
	ret(b, binary(b, ssa.OpIadd, code, b.Iconst(i32, 100)))
	b.SetCurrent(ok)
	if okUsesCode {
		ret(b, binary(b, ssa.OpIadd, code, b.Iconst(i32, 7)))
	} else {
		ret(b, b.Iconst(i32, 7))
	}
	return f, fast
}

// TestThreadJumps checks that the fast path's constant code sends it
// straight to the succeeding block, past the join's test.
func TestThreadJumps(t *testing.T) {
	f, fast := buildErrnoJoin(false)
	inputs := [][]uint64{{0}, {1}, {2}, {3}, {0x10000}, {0xffff}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, ThreadJumps(f)) }, inputs)
	checkDominance(t, f)
	require.Equal(t, ssa.BlockID(4), fast.Terminator().Targets[0].Block, f.Format())
}

// TestThreadJumpsKeepsDominance checks that an edge is not threaded when
// the taken target uses the join's value: it would no longer be defined
// on the new path.
func TestThreadJumpsKeepsDominance(t *testing.T) {
	f, fast := buildErrnoJoin(true)
	require.False(t, ThreadJumps(f), f.Format())
	require.Equal(t, ssa.BlockID(5), fast.Terminator().Targets[0].Block)
}

// TestThreadJumpsBranchTable checks threading through a branch table
// whose index a select computes, with the taken target's arguments
// renamed from the join's parameters to the edge's arguments.
func TestThreadJumpsBranchTable(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	one, two, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
	t0, t1, t2 := f.NewBlock(), f.NewBlock(), f.NewBlock()
	idx, val := f.AddParam(join, i32), f.AddParam(join, i32)
	r0, r2 := f.AddParam(t0, i32), f.AddParam(t2, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{x}, Targets: []ssa.BlockCall{{Block: one.ID}, {Block: two.ID}}})
	b.Seal(one)
	b.Seal(two)
	b.SetCurrent(one)
	b.Jump(join, b.Iconst(i32, 2), y)
	b.SetCurrent(two)
	b.Jump(join, x, y)
	b.Seal(join)
	b.SetCurrent(join)
	pick := b.Value1(ssa.OpSelect, i32, icmp(b, ssa.CondEq, idx, b.Iconst(i32, 2)), b.Iconst(i32, 2), idx)
	b.Emit(&ssa.Instr{Op: ssa.OpBrTable, Args: []ssa.Value{pick},
		Targets: []ssa.BlockCall{{Block: t0.ID, Args: []ssa.Value{val}}, {Block: t1.ID}, {Block: t2.ID, Args: []ssa.Value{val}}}})
	for _, blk := range []*ssa.Block{t0, t1, t2} {
		b.Seal(blk)
	}
	b.SetCurrent(t0)
	ret(b, binary(b, ssa.OpIadd, r0, b.Iconst(i32, 10)))
	b.SetCurrent(t1)
	ret(b, b.Iconst(i32, 20))
	b.SetCurrent(t2)
	ret(b, binary(b, ssa.OpImul, r2, b.Iconst(i32, 3)))
	inputs := [][]uint64{{0, 5}, {1, 5}, {2, 9}, {7, 1}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, ThreadJumps(f)) }, inputs)
	checkDominance(t, f)
	require.Equal(t, t2.ID, one.Terminator().Targets[0].Block, f.Format())
	require.Equal(t, []ssa.Value{y}, one.Terminator().Targets[0].Args)
}

// checkDominance requires every use of a value to be dominated by its
// definition: SSA form, which Verify does not check.
func checkDominance(t *testing.T, f *ssa.Func) {
	t.Helper()
	d := dominators(f)
	for _, b := range f.Blocks {
		if !d.reachable(b.ID) {
			continue
		}
		defined := map[ssa.Value]bool{}
		for _, p := range b.Params {
			defined[p] = true
		}
		use := func(v ssa.Value) {
			db := f.BlockOf(v)
			if db == b.ID && !defined[v] {
				t.Fatalf("%s used before its definition in %s\n%s", v, b.ID, f.Format())
			}
			if db != b.ID && !d.dominates(db, b.ID) {
				t.Fatalf("%s (from %s) used in %s, which it does not dominate\n%s", v, db, b.ID, f.Format())
			}
		}
		for _, in := range b.Instrs {
			instrUses(in, use)
			for _, r := range in.Results {
				defined[r] = true
			}
		}
	}
}
