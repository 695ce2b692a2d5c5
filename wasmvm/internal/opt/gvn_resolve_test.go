package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestGVNResolvesAsItWalks checks that the operands and block arguments
// GVN leaves name the values that replaced duplicates: a jump's argument
// in a dominated block, rewritten by the walk, and an operand in a block
// the entry does not reach, which the walk does not visit (GVN then
// resolves the whole function). Verify rejects a replaced value among
// them.
func TestGVNResolvesAsItWalks(t *testing.T) {
	for _, unreachable := range []bool{false, true} {
		f, b := newFunc(i32, i32)
		x, y := f.Entry().Params[0], f.Entry().Params[1]
		then, els, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
		sum := binary(b, ssa.OpIadd, x, y)
		b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{x}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
		b.Seal(then)
		b.Seal(els)
		b.SetCurrent(then)
		again := binary(b, ssa.OpIadd, y, x) // = sum
		b.Jump(join, again)
		b.SetCurrent(els)
		b.Jump(join, binary(b, ssa.OpImul, sum, y))
		b.Seal(join)
		b.SetCurrent(join)
		ret(b, f.AddParam(join, i32))
		var dead *ssa.Block
		if unreachable {
			dead = f.NewBlock()
			b.Seal(dead)
			b.SetCurrent(dead)
			ret(b, again)
		}
		GVN(f)
		require.NoError(t, f.Verify())
		require.Equal(t, []ssa.Value{sum}, then.Terminator().Targets[0].Args, f.Format())
		if unreachable {
			require.Equal(t, []ssa.Value{sum}, dead.Terminator().Args, f.Format())
		}
	}
}
