package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestExtendIsCopyWrapIsMove checks that i64.extend_i32_u of an i32 value
// lowers to a copy (Size 4: an i32 register is zero-extended already),
// while i32.wrap_i64, whose value's upper half must be cleared, stays a
// 32-bit move, also where its extension follows.
func TestExtendIsCopyWrapIsMove(t *testing.T) {
	f := ssa.NewFunc("f", ssa.Signature{Params: []ssa.Type{ssa.TypeI32, ssa.TypeI64}, Results: []ssa.Type{ssa.TypeI64, ssa.TypeI64}})
	entry := f.Entry()
	x, y := entry.Params[0], entry.Params[1]
	extend := func(v ssa.Value) ssa.Value {
		return f.Append(entry, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{v}}, ssa.TypeI64).Result()
	}
	wrapped := f.Append(entry, &ssa.Instr{Op: ssa.OpIreduce, Args: []ssa.Value{y}}, ssa.TypeI32).Result()
	ex, ew := extend(x), extend(wrapped)
	f.Append(entry, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{ex, ew}})
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	ops := map[regalloc.VReg]Instr{}
	for _, m := range l.Blocks[0].Instrs {
		if m.Dst != NoVReg {
			ops[m.Dst] = m
		}
	}
	require.Equal(t, OpCopy, ops[regalloc.VReg(ex)].Op)
	require.Equal(t, uint8(4), ops[regalloc.VReg(ex)].Size)
	require.Equal(t, OpMov, ops[regalloc.VReg(wrapped)].Op)
	require.Equal(t, uint8(4), ops[regalloc.VReg(wrapped)].Size)
	require.Equal(t, OpCopy, ops[regalloc.VReg(ew)].Op)
}
