package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestSplitChecks checks that a branch on (x <u 8 & y != 0) | x == y
// becomes three branches on the comparisons, each in its own block (the
// second and third moved out of the first's), passing the targets'
// arguments on every edge, with the results unchanged; and that an and
// whose operand is used elsewhere, or is not a comparison, stays.
func TestSplitChecks(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	zero := b.Iconst(i32, 0)
	both := binary(b, ssa.OpBand, icmp(b, ssa.CondULt, x, b.Iconst(i32, 8)), icmp(b, ssa.CondNe, y, zero))
	cond := binary(b, ssa.OpBor, both, icmp(b, ssa.CondEq, x, y))
	yes, no, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{cond}, Targets: []ssa.BlockCall{
		{Block: join.ID, Args: []ssa.Value{x}}, {Block: no.ID}}})
	b.SetCurrent(no)
	lt := icmp(b, ssa.CondSLt, x, y)
	kept := binary(b, ssa.OpBand, lt, binary(b, ssa.OpBand, y, b.Iconst(i32, 1))) // not a comparison
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{kept}, Targets: []ssa.BlockCall{
		{Block: yes.ID}, {Block: join.ID, Args: []ssa.Value{y}}}})
	b.SetCurrent(yes)
	ret(b, lt)
	b.SetCurrent(join)
	p := f.AddParam(join, i32)
	ret(b, binary(b, ssa.OpIadd, p, b.Iconst(i32, 100)))
	inputs := append([][]uint64{{3, 0}, {3, 5}, {9, 9}, {9, 1}, {2, 2}}, sampleInputs...)
	checkSame(t, f, func(f *ssa.Func) { require.True(t, splitChecks(f, f.Entry(), no)) }, inputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iconst 0
    v3:i32 = iconst 8
    v4:i32 = icmp ult, v0, v3
    brif v4, b5(), b4()
b1():
    return v9
b2():
    v9:i32 = icmp slt, v0, v1
    v10:i32 = iconst 1
    v11:i32 = band v1, v10
    v12:i32 = band v9, v11
    brif v12, b1(), b3(v1)
b3(v13:i32):
    v14:i32 = iconst 100
    v15:i32 = iadd v13, v14
    return v15
b4():
    v7:i32 = icmp eq, v0, v1
    brif v7, b3(v0), b2()
b5():
    v5:i32 = icmp ne, v1, v2
    brif v5, b3(v0), b4()
`, f.Format())
	require.ElementsMatch(t, []ssa.BlockID{0, 5}, f.Block(4).Preds)
	require.ElementsMatch(t, []ssa.BlockID{2, 4, 5}, f.Block(3).Preds)
}
