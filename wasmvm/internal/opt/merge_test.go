package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestMergeStraightLine checks that a block that only branches, on a
// value its one predecessor passes it, joins that predecessor: the branch
// then tests the comparison itself, the block is left empty, and the
// results stay the same. A block that computes stays apart.
func TestMergeStraightLine(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	test, work, yes, no := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	p := f.AddParam(test, i32)
	c := icmp(b, ssa.CondULt, x, y)
	b.Jump(test, c)
	b.Seal(test)
	b.SetCurrent(test)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{p}, Targets: []ssa.BlockCall{{Block: work.ID}, {Block: no.ID}}})
	b.Seal(work)
	b.SetCurrent(work)
	sum := binary(b, ssa.OpIadd, x, y)
	b.Jump(yes)
	b.Seal(yes)
	b.SetCurrent(yes)
	ret(b, binary(b, ssa.OpImul, sum, b.Iconst(i32, 3)))
	b.Seal(no)
	b.SetCurrent(no)
	ret(b, b.Iconst(i32, 7))
	inputs := [][]uint64{{1, 2}, {2, 1}, {4, 4}, {0xffffffff, 0}, {6, 0x80000000}}
	checkSame(t, f, func(f *ssa.Func) { require.True(t, MergeStraightLine(f)) }, inputs)
	checkDominance(t, f)
	term := f.Entry().Terminator()
	require.Equal(t, ssa.OpBrif, term.Op, f.Format())
	require.Equal(t, c, term.Args[0], "the branch tests the comparison\n%s", f.Format())
	require.Empty(t, test.Instrs)
	require.Empty(t, test.Preds)
	require.Equal(t, []ssa.BlockID{0}, work.Preds)
	require.Equal(t, []ssa.BlockID{0}, no.Preds)
	require.Equal(t, ssa.OpJump, work.Terminator().Op, "a block that computes keeps its own\n%s", f.Format())
	require.NotEmpty(t, yes.Instrs)
}
