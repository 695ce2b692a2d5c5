package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestPropagateConditionsKnownZero checks that an operand a branch's
// untaken edge says is 0 becomes the constant 0 where that edge's
// target dominates, also below a sibling subtree whose facts the walk
// has taken off again, and stays where the branch was taken (x != 0) or
// where no fact names it (y).
func TestPropagateConditionsKnownZero(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	then, els := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{x}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.Seal(then)
	b.Seal(els)
	b.SetCurrent(then)
	inThen := binary(b, ssa.OpIadd, x, y)
	ret(b, inThen)
	b.SetCurrent(els)
	inEls := binary(b, ssa.OpIadd, x, y)
	ret(b, inEls)
	PropagateConditions(f)
	require.NoError(t, f.Verify())
	sum := func(blk *ssa.Block, v ssa.Value) *ssa.Instr {
		for _, in := range blk.Instrs {
			if in.Results != nil && in.Results[0] == v {
				return in
			}
		}
		t.Fatalf("v%d not in b%d", v, blk.ID)
		return nil
	}
	require.Equal(t, []ssa.Value{x, y}, sum(then, inThen).Args, f.Format())
	add := sum(els, inEls)
	require.Equal(t, y, add.Args[1], f.Format())
	d := f.Def(add.Args[0])
	require.True(t, d != nil && d.Op == ssa.OpIconst && d.Imm == 0, "x is 0 in b%d:\n%s", els.ID, f.Format())
}
