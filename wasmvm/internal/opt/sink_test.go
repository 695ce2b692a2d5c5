package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// sinkLoop builds a loop whose back edge takes p+3 and m-1, computed
// before the exit test, while the exit reads the old p and m:
//
//	h(p, m): p1 = p + 3; m1 = m - 1; brif (p & 7) != 5, h(p1, m1), exit
//	exit:    return p*1000 + m
func sinkLoop() (*ssa.Func, *ssa.Block, *ssa.Block) {
	f, b := newFunc(i32, i32)
	h, exit := f.NewBlock(), f.NewBlock()
	p, m := f.AddParam(h, i32), f.AddParam(h, i32)
	b.Jump(h, f.Entry().Params[0], f.Entry().Params[1])
	b.SetCurrent(h)
	p1 := binary(b, ssa.OpIadd, p, b.Iconst(i32, 3))
	m1 := binary(b, ssa.OpIsub, m, b.Iconst(i32, 1))
	c := icmp(b, ssa.CondNe, binary(b, ssa.OpBand, p, b.Iconst(i32, 7)), b.Iconst(i32, 5))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c},
		Targets: []ssa.BlockCall{{Block: h.ID, Args: []ssa.Value{p1, m1}}, {Block: exit.ID}}})
	b.Seal(h)
	b.Seal(exit)
	b.SetCurrent(exit)
	ret(b, binary(b, ssa.OpIadd, binary(b, ssa.OpImul, p, b.Iconst(i32, 1000)), m))
	return f, h, exit
}

// TestSinkIntoBackEdges checks that the loop's next p and m are computed
// on the back edge, in a block of their own after the exit test, and that
// the loop computes the same results.
func TestSinkIntoBackEdges(t *testing.T) {
	f, h, _ := sinkLoop()
	inputs := [][]uint64{{0, 10}, {5, 1}, {2, 100}, {0xfffffffe, 7}, {0x7ffffff9, 0}}
	checkSame(t, f, SinkIntoBackEdges, inputs)
	checkDominance(t, f)
	term := h.Terminator()
	require.Equal(t, ssa.OpBrif, term.Op)
	e := f.Block(term.Targets[0].Block)
	require.NotEqual(t, h.ID, e.ID, "the back edge goes through a new block\n%s", f.Format())
	require.Empty(t, term.Targets[0].Args)
	require.Len(t, e.Instrs, 3, "p+3, m-1 and the jump\n%s", f.Format())
	require.Equal(t, ssa.OpIadd, e.Instrs[0].Op)
	require.Equal(t, ssa.OpIsub, e.Instrs[1].Op)
	require.Equal(t, h.ID, e.Terminator().Targets[0].Block)
	require.Equal(t, []ssa.BlockID{h.ID}, e.Preds)
	require.Contains(t, h.Preds, e.ID)
	require.NotContains(t, h.Preds, h.ID)
}

// TestSinkIntoBackEdgesLeavesUsedValues checks that a computation the
// exit test reads stays before it, and that a back edge whose
// computations' operands are dead on the exit gets no block.
func TestSinkIntoBackEdgesLeavesUsedValues(t *testing.T) {
	f, b := newFunc(i32)
	h, exit := f.NewBlock(), f.NewBlock()
	p := f.AddParam(h, i32)
	b.Jump(h, f.Entry().Params[0])
	b.SetCurrent(h)
	p1 := binary(b, ssa.OpIadd, p, b.Iconst(i32, 3))
	c := icmp(b, ssa.CondNe, binary(b, ssa.OpBand, p1, b.Iconst(i32, 7)), b.Iconst(i32, 5))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c},
		Targets: []ssa.BlockCall{{Block: h.ID, Args: []ssa.Value{p1}}, {Block: exit.ID}}})
	b.Seal(h)
	b.Seal(exit)
	b.SetCurrent(exit)
	ret(b, p1)
	n := len(f.Blocks)
	SinkIntoBackEdges(f)
	require.Len(t, f.Blocks, n, f.Format())
	require.Equal(t, h.ID, h.Terminator().Targets[0].Block)
}
