package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestJoinSelects checks heapsort's shape: a branch on a comparison
// whose taken edge goes through a block that only jumps on, both edges
// ending at one join with different arguments. The branch becomes a
// select and a jump, with the same results for every input, and the
// block that only jumped is emptied.
func TestJoinSelects(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	inc, join := f.NewBlock(), f.NewBlock()
	j := f.AddParam(join, i32)
	bumped := binary(b, ssa.OpBor, x, b.Iconst(i32, 1))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{icmp(b, ssa.CondSLt, x, y)},
		Targets: []ssa.BlockCall{{Block: inc.ID}, {Block: join.ID, Args: []ssa.Value{x}}}})
	b.Seal(inc)
	b.SetCurrent(inc)
	b.Jump(join, bumped)
	b.Seal(join)
	b.SetCurrent(join)
	ret(b, binary(b, ssa.OpImul, j, b.Iconst(i32, 3)))
	inputs := [][]uint64{{1, 2}, {2, 1}, {4, 4}, {0xffffffff, 0}, {6, 0x80000000}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, JoinSelects(f)) }, inputs)
	require.Equal(t, ssa.OpJump, f.Entry().Terminator().Op, f.Format())
	require.Empty(t, inc.Instrs, "the block that only jumped is gone\n%s", f.Format())
	selects := 0
	for _, in := range f.Entry().Instrs {
		if in.Op == ssa.OpSelect {
			selects++
		}
	}
	require.Equal(t, 1, selects, f.Format())
}

// TestJoinSelectsLeavesOtherBranches checks that a branch whose edges
// reach different blocks, or one through a block that computes, stays.
func TestJoinSelectsLeavesOtherBranches(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	work, join := f.NewBlock(), f.NewBlock()
	j := f.AddParam(join, i32)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{icmp(b, ssa.CondSLt, x, y)},
		Targets: []ssa.BlockCall{{Block: work.ID}, {Block: join.ID, Args: []ssa.Value{x}}}})
	b.Seal(work)
	b.SetCurrent(work)
	b.Jump(join, binary(b, ssa.OpIadd, x, y))
	b.Seal(join)
	b.SetCurrent(join)
	ret(b, j)
	require.False(t, JoinSelects(f))
}
