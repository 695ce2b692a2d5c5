package ssa

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResolveArgsAfterAlias checks that ResolveArgs rewrites the operands
// of an aliased value, that a call with no alias since the last one
// leaves the operands as they are, and that Verify rejects an operand
// replaced before the last ResolveArgs but written back since (what the
// skip relies on passes not doing).
func TestResolveArgsAfterAlias(t *testing.T) {
	f := NewFunc("f", Signature{Params: []Type{TypeI32}, Results: []Type{TypeI32}})
	b := NewBuilder(f)
	x := f.Entry().Params[0]
	one := b.Iconst(TypeI32, 1)
	sum := b.Value1(OpIadd, TypeI32, x, one)
	ret := b.Emit(&Instr{Op: OpReturn, Args: []Value{sum}})

	f.ResolveArgs() // nothing aliased: no change
	require.Equal(t, []Value{sum}, ret.Args)
	f.SetAlias(sum, x)
	f.ResolveArgs()
	require.Equal(t, []Value{x}, ret.Args)
	require.NoError(t, f.Verify())

	ret.Args[0] = sum // a stale value written after the walk
	require.ErrorContains(t, f.Verify(), "operand v2 was replaced by v0")
	f.SetAlias(one, x) // a new alias: the next call walks again
	f.ResolveArgs()
	require.Equal(t, []Value{x}, ret.Args)
}
