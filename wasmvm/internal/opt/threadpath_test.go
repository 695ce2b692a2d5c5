package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestThreadJumpsByPath builds the shape of sort's merge loop's exits
// without the loop: d = x <= y leaves at once when set; otherwise e = x <
// 100 returns 7 or goes on; both ways meet, through blocks that only
// jump, in a join that branches on d again. Each way is sent to the
// target its path implies, and the join is left without predecessors.
func TestThreadJumpsByPath(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	m, early, j2, j1, join, r1, r2 := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	d := icmp(b, ssa.CondULe, x, y)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{d}, Targets: []ssa.BlockCall{{Block: j1.ID}, {Block: m.ID}}})
	b.Seal(m)
	b.SetCurrent(m)
	e := icmp(b, ssa.CondULt, x, b.Iconst(i32, 100))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e}, Targets: []ssa.BlockCall{{Block: early.ID}, {Block: j2.ID}}})
	b.Seal(early)
	b.Seal(j2)
	b.SetCurrent(early)
	ret(b, b.Iconst(i32, 7))
	b.SetCurrent(j2)
	b.Jump(j1)
	b.Seal(j1)
	b.SetCurrent(j1)
	b.Jump(join)
	branchJoin(b, join, d, r1, r2, x, y)
	inputs := [][]uint64{{0, 0}, {5, 3}, {3, 5}, {200, 100}, {100, 200}, {150, 120}, {99, 1}, {0xffffffff, 0}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, ThreadJumps(f)) }, inputs)
	checkDominance(t, f)
	require.Empty(t, join.Preds, f.Format())
	require.Equal(t, r1.ID, f.Entry().Terminator().Targets[0].Block, f.Format())
	require.Equal(t, r2.ID, j2.Terminator().Targets[0].Block, f.Format())
}

// TestThreadJumpsByPathUndecided checks that a join reached by a path
// that does not pass a branch on its condition is left alone.
func TestThreadJumpsByPathUndecided(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	m, n, join, r1, r2 := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	d := icmp(b, ssa.CondULe, x, y)
	e := icmp(b, ssa.CondULt, x, b.Iconst(i32, 100))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e}, Targets: []ssa.BlockCall{{Block: m.ID}, {Block: n.ID}}})
	b.Seal(m)
	b.Seal(n)
	b.SetCurrent(m)
	b.Jump(join)
	b.SetCurrent(n)
	b.Jump(join)
	branchJoin(b, join, d, r1, r2, x, y)
	require.False(t, ThreadJumps(f), f.Format())
}

// branchJoin seals join, whose predecessors are all in place, and fills
// it with a branch on d to r1, which returns x + 1, or r2, which returns
// y + 2.
func branchJoin(b *ssa.Builder, join *ssa.Block, d ssa.Value, r1, r2 *ssa.Block, x, y ssa.Value) {
	b.Seal(join)
	b.SetCurrent(join)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{d}, Targets: []ssa.BlockCall{{Block: r1.ID}, {Block: r2.ID}}})
	b.Seal(r1)
	b.Seal(r2)
	b.SetCurrent(r1)
	ret(b, binary(b, ssa.OpIadd, x, b.Iconst(i32, 1)))
	b.SetCurrent(r2)
	ret(b, binary(b, ssa.OpIadd, y, b.Iconst(i32, 2)))
}
