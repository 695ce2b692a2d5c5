package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestHoistInvariants checks that an invariant computation leaves a loop
// nest for the block before it, and that one which may trap, one that
// depends on the loop and constants stay.
func TestHoistInvariants(t *testing.T) {
	f, b := newFunc(i32, i32)
	n, k := b.DeclareVariable(i32), b.DeclareVariable(i32)
	i, acc := b.DeclareVariable(i32), b.DeclareVariable(i32)
	b.DefineVariable(n, f.Entry().Params[0])
	b.DefineVariable(k, f.Entry().Params[1])
	b.DefineVariable(i, b.Iconst(i32, 0))
	b.DefineVariable(acc, b.Iconst(i32, 0))
	header, body, exit := f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Jump(header)

	b.SetCurrent(header)
	more := icmp(b, ssa.CondULt, b.UseVariable(i), b.UseVariable(n))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{more}, Targets: []ssa.BlockCall{{Block: body.ID}, {Block: exit.ID}}})
	b.Seal(body)
	b.Seal(exit)

	b.SetCurrent(body)
	scaled := binary(b, ssa.OpImul, b.UseVariable(k), b.UseVariable(n))                   // invariant
	shifted := binary(b, ssa.OpIshl, scaled, b.Iconst(i32, 2))                            // invariant through scaled
	quot := binary(b, ssa.OpUdiv, b.UseVariable(n), b.UseVariable(k))                     // may trap: stays
	step := binary(b, ssa.OpIadd, binary(b, ssa.OpIadd, shifted, quot), b.UseVariable(i)) // varies
	b.DefineVariable(acc, binary(b, ssa.OpIadd, b.UseVariable(acc), step))
	b.DefineVariable(i, binary(b, ssa.OpIadd, b.UseVariable(i), b.Iconst(i32, 1)))
	b.Jump(header)
	b.Seal(header)

	b.SetCurrent(exit)
	ret(b, b.UseVariable(acc))
	RemoveTrivialParams(f)
	inputs := [][]uint64{{0, 0}, {3, 1}, {5, 7}, {4, 0}}
	checkSame(t, f, HoistInvariants, inputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iconst 0
    v3:i32 = iconst 0
    v8:i32 = imul v1, v0
    v9:i32 = iconst 2
    v10:i32 = ishl v8, v9
    v16:i32 = iconst 1
    jump b1(v2, v3)
b1(v4:i32, v14:i32):
    v6:i32 = icmp ult, v4, v0
    brif v6, b2(), b3()
b2():
    v11:i32 = udiv v0, v1
    v12:i32 = iadd v10, v11
    v13:i32 = iadd v12, v4
    v15:i32 = iadd v14, v13
    v17:i32 = iadd v4, v16
    jump b1(v17, v15)
b3():
    return v14
`, f.Format())
}
