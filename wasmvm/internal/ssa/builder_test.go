package ssa

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBuilderLoop builds
//
//	func sum(n i32) i32 { s := 0; for i := 0; i < n; i++ { s += i }; return s }
//
// with variables, and checks the block parameters the builder adds for the
// loop-carried variables.
func TestBuilderLoop(t *testing.T) {
	f := NewFunc("sum", Signature{Params: []Type{TypeI32}, Results: []Type{TypeI32}})
	b := NewBuilder(f)
	n, s, i := b.DeclareVariable(TypeI32), b.DeclareVariable(TypeI32), b.DeclareVariable(TypeI32)
	b.DefineVariable(n, f.Entry().Params[0])
	b.DefineVariable(s, b.Iconst(TypeI32, 0))
	b.DefineVariable(i, b.Iconst(TypeI32, 0))
	header, body, exit := f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Jump(header)

	b.SetCurrent(header)
	cond := b.Emit(&Instr{Op: OpIcmp, Cond: CondSLt, Args: []Value{b.UseVariable(i), b.UseVariable(n)}}, TypeI32).Result()
	b.Emit(&Instr{Op: OpBrif, Args: []Value{cond}, Targets: []BlockCall{{Block: body.ID}, {Block: exit.ID}}})
	b.Seal(body)

	b.SetCurrent(body)
	b.DefineVariable(s, b.Value1(OpIadd, TypeI32, b.UseVariable(s), b.UseVariable(i)))
	b.DefineVariable(i, b.Value1(OpIadd, TypeI32, b.UseVariable(i), b.Iconst(TypeI32, 1)))
	b.Jump(header)
	b.Seal(header)
	b.Seal(exit)

	b.SetCurrent(exit)
	b.Emit(&Instr{Op: OpReturn, Args: []Value{b.UseVariable(s)}})

	require.NoError(t, f.Verify())
	require.Equal(t, `func sum(i32) -> (i32)
b0(v0:i32):
    v1:i32 = iconst 0
    v2:i32 = iconst 0
    jump b1(v2, v0, v1)
b1(v3:i32, v4:i32, v6:i32):
    v5:i32 = icmp slt, v3, v4
    brif v5, b2(), b3()
b2():
    v7:i32 = iadd v6, v3
    v8:i32 = iconst 1
    v9:i32 = iadd v3, v8
    jump b1(v9, v4, v7)
b3():
    return v6
`, f.Format())
}

func TestVerifyRejectsBadJumps(t *testing.T) {
	f := NewFunc("bad", Signature{})
	b := NewBuilder(f)
	target := f.NewBlock()
	f.AddParam(target, TypeI64)
	b.Jump(target, b.Iconst(TypeI32, 1))
	b.SetCurrent(target)
	b.Emit(&Instr{Op: OpReturn})
	require.ErrorContains(t, f.Verify(), "argument v1 is i32, parameter v0 of b1 is i64")
}
