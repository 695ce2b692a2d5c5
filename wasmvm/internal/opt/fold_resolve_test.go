package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestFoldResolvesAsItWalks checks that Fold, run after the removal of
// trivial parameters that leaves their uses unrewritten (as Optimize
// runs them), leaves every operand naming the value that replaced the
// parameter, also when a block the entry does not reach, which it does
// not visit, uses the parameter (it then resolves the whole function
// before emptying that block). Verify rejects a replaced value among
// them.
func TestFoldResolvesAsItWalks(t *testing.T) {
	for _, unreachable := range []bool{false, true} {
		f, b := newFunc(i32, i32)
		x, y := f.Entry().Params[0], f.Entry().Params[1]
		loop, exit := f.NewBlock(), f.NewBlock()
		p := f.AddParam(loop, i32)
		b.Jump(loop, x)
		b.SetCurrent(loop)
		b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{y},
			Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{p}}, {Block: exit.ID}}})
		b.Seal(loop)
		b.Seal(exit)
		b.SetCurrent(exit)
		ret(b, binary(b, ssa.OpIadd, p, y))
		var dead *ssa.Block
		if unreachable {
			dead = f.NewBlock()
			b.Seal(dead)
			b.SetCurrent(dead)
			ret(b, p)
		}
		removeTrivialParams(f)
		require.Empty(t, loop.Params)
		Fold(f)
		require.NoError(t, f.Verify())
		require.Equal(t, x, exit.Instrs[0].Args[0], f.Format())
		if unreachable {
			require.Empty(t, dead.Instrs, "emptied, being unreachable")
		}
	}
}
