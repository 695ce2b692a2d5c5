package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// buildDiamondLoop builds
//
//	func f(x, n i32) i32 {
//		i := 0; unused := 0
//		for i < n { if x { unused = i+1 } else { unused = 0 }; i++ }
//		return x
//	}
//
// with variables: x is read at the merge points without being assigned, so
// the builder gives the loop header and the diamond's join a parameter
// for it that always receives x (or itself), and unused flows around the
// loop without ever being read.
func buildDiamondLoop() *ssa.Func {
	f := ssa.NewFunc("f", ssa.Signature{Params: []ssa.Type{ssa.TypeI32, ssa.TypeI32}, Results: []ssa.Type{ssa.TypeI32}})
	b := ssa.NewBuilder(f)
	x, n, i, unused := b.DeclareVariable(ssa.TypeI32), b.DeclareVariable(ssa.TypeI32), b.DeclareVariable(ssa.TypeI32), b.DeclareVariable(ssa.TypeI32)
	b.DefineVariable(x, f.Entry().Params[0])
	b.DefineVariable(n, f.Entry().Params[1])
	b.DefineVariable(i, b.Iconst(ssa.TypeI32, 0))
	b.DefineVariable(unused, b.Iconst(ssa.TypeI32, 0))
	header, then, els, join, exit := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Jump(header)

	b.SetCurrent(header)
	cond := b.Emit(&ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondSLt, Args: []ssa.Value{b.UseVariable(i), b.UseVariable(n)}}, ssa.TypeI32).Result()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{cond}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: exit.ID}}})
	b.Seal(then)
	b.Seal(exit)

	b.SetCurrent(then)
	b.DefineVariable(unused, b.Value1(ssa.OpIadd, ssa.TypeI32, b.UseVariable(i), b.Iconst(ssa.TypeI32, 1)))
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{b.UseVariable(x)}, Targets: []ssa.BlockCall{{Block: join.ID}, {Block: els.ID}}})
	b.Seal(els)

	b.SetCurrent(els)
	b.DefineVariable(unused, b.Iconst(ssa.TypeI32, 0))
	b.Jump(join)
	b.Seal(join)

	b.SetCurrent(join)
	b.UseVariable(x)
	b.UseVariable(unused)
	b.DefineVariable(i, b.Value1(ssa.OpIadd, ssa.TypeI32, b.UseVariable(i), b.Iconst(ssa.TypeI32, 1)))
	b.Jump(header)
	b.Seal(header)

	b.SetCurrent(exit)
	b.Emit(&ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{b.UseVariable(x)}})
	return f
}

func TestRemoveTrivialParams(t *testing.T) {
	f := buildDiamondLoop()
	require.NoError(t, f.Verify())
	before := f.Format()
	// The loop header and the join take x and n as parameters.
	require.Contains(t, before, "b1(v4:i32, v5:i32, v9:i32)")
	require.Contains(t, before, "b4(v11:i32, v12:i32, v13:i32, v16:i32)")
	RemoveTrivialParams(f)
	require.NoError(t, f.Verify())
	// x is v0 everywhere: no block takes it as a parameter any more.
	require.Equal(t, `func f(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iconst 0
    v3:i32 = iconst 0
    jump b1(v2)
b1(v4:i32):
    v6:i32 = icmp slt, v4, v1
    brif v6, b2(), b5()
b2():
    v7:i32 = iconst 1
    v8:i32 = iadd v4, v7
    brif v0, b4(v8), b3()
b3():
    v10:i32 = iconst 0
    jump b4(v10)
b4(v12:i32):
    v14:i32 = iconst 1
    v15:i32 = iadd v4, v14
    jump b1(v15)
b5():
    return v0
`, f.Format())
}

func TestDeadCode(t *testing.T) {
	f := buildDiamondLoop()
	RemoveTrivialParams(f)
	DeadCode(f)
	require.NoError(t, f.Verify())
	// unused, its parameters and the values computed for it are gone.
	require.Equal(t, `func f(i32, i32) -> (i32)
b0(v0:i32, v1:i32):
    v2:i32 = iconst 0
    jump b1(v2)
b1(v4:i32):
    v6:i32 = icmp slt, v4, v1
    brif v6, b2(), b5()
b2():
    brif v0, b4(), b3()
b3():
    jump b4()
b4():
    v14:i32 = iconst 1
    v15:i32 = iadd v4, v14
    jump b1(v15)
b5():
    return v0
`, f.Format())
}

// TestDeadCodeKeepsSideEffects checks that stores, calls and traps stay
// even when nothing reads their results.
func TestDeadCodeKeepsSideEffects(t *testing.T) {
	f := ssa.NewFunc("g", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
	b := ssa.NewBuilder(f)
	p := f.Entry().Params[0]
	b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 3, Args: []ssa.Value{p}}, ssa.TypeI32)
	b.Emit(&ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem32), Args: []ssa.Value{p, p}})
	b.Value1(ssa.OpUdiv, ssa.TypeI32, p, p) // may trap: kept
	b.Value1(ssa.OpImul, ssa.TypeI32, p, p) // pure: removed
	b.Emit(&ssa.Instr{Op: ssa.OpReturn})
	require.NoError(t, Optimize(f))
	require.Equal(t, `func g(i32) -> ()
b0(v0:i32):
    v1:i32 = call f3, v0
    store 32+0, v0, v0
    v2:i32 = udiv v0, v0
    return
`, f.Format())
}
