package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestGVN checks that duplicates in the same and in dominated blocks go
// (commuted operands too, and a dominated division), and that a
// computation in a sibling branch, which does not dominate, stays.
func TestGVN(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	then, els, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
	sum := binary(b, ssa.OpIadd, x, y)
	q := binary(b, ssa.OpUdiv, x, y)
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{x}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.Seal(then)
	b.Seal(els)

	b.SetCurrent(then)
	again := binary(b, ssa.OpIadd, y, x)         // = sum
	qAgain := binary(b, ssa.OpUdiv, x, y)        // = q, cannot trap any more
	prod := binary(b, ssa.OpImul, again, qAgain) // only here
	b.Jump(join, prod)

	b.SetCurrent(els)
	prodElse := binary(b, ssa.OpImul, sum, q) // same as prod, but then does not dominate els
	b.Jump(join, prodElse)

	b.SetCurrent(join)
	p := f.AddParam(join, i32)
	ret(b, binary(b, ssa.OpIadd, p, binary(b, ssa.OpIadd, x, y)))
	inputs := [][]uint64{{1, 2}, {0, 5}, {7, 3}, {9, 0}, {0, 0}}
	checkSame(t, f, GVN, inputs)
	require.Equal(t, `func t(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iadd v0, v1
    v3:i32 = udiv v0, v1
    brif v0, b1(), b2()
b1():
    v6:i32 = imul v2, v3
    jump b3(v6)
b2():
    v7:i32 = imul v2, v3
    jump b3(v7)
b3(v8:i32):
    v10:i32 = iadd v8, v2
    return v10
`, f.Format())
}

// TestGVNKeepsStateReads checks that loads, globals and calls, whose
// results depend on more than their operands, are never merged, and that
// comparisons are left for the backends to fuse with branches.
func TestGVNKeepsStateReads(t *testing.T) {
	f, b := newFunc(i32, i32)
	x := f.Entry().Params[0]
	for range 2 {
		b.Emit(&ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem32), Args: []ssa.Value{x}}, i32)
		b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 0}, i32)
		b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 1, Args: []ssa.Value{x}}, i32)
		icmp(b, ssa.CondEq, x, x)
	}
	ret(b, x)
	before := f.Format()
	GVN(f)
	require.Equal(t, before, f.Format())
}
