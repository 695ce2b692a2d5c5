package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestMarkInBounds checks which accesses lose their bounds check: those
// to the same address as a dominating access that reached as far, across
// a call, but not one reaching further, not one through another address,
// and not one whose covering access is in a sibling branch.
func TestMarkInBounds(t *testing.T) {
	f, b := newFunc(i32, i32)
	p, q := f.Entry().Params[0], f.Entry().Params[1]
	access := func(op ssa.Op, addr ssa.Value, acc ssa.MemAccess, off uint64) *ssa.Instr {
		in := &ssa.Instr{Op: op, Aux: uint32(acc), Imm: off, Args: []ssa.Value{addr}}
		if op == ssa.OpStore {
			in.Args = append(in.Args, q)
			return b.Emit(in)
		}
		return b.Emit(in, i32)
	}
	wide := access(ssa.OpLoad, p, ssa.Mem64, 8)     // reaches p+16: checked
	inside := access(ssa.OpStore, p, ssa.Mem32, 12) // p+16: covered
	b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 1}, i32) // may grow memory, never shrink it
	low := access(ssa.OpLoad, p, ssa.Mem8U, 0)      // p+1: covered
	further := access(ssa.OpLoad, p, ssa.Mem32, 16) // p+20: checked
	other := access(ssa.OpLoad, q, ssa.Mem8U, 0)    // another address: checked
	sum := binary(b, ssa.OpIadd, p, b.Iconst(i32, 4))
	field := access(ssa.OpLoad, sum, ssa.Mem32, 8) // p+4+8+4 = p+16: covered
	past := access(ssa.OpLoad, sum, ssa.Mem32, 16) // p+4+16+4 = p+24: checked
	then, els := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{q}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.SetCurrent(then)
	thenQ := access(ssa.OpLoad, q, ssa.Mem32, 4) // q+8: checked, only in this branch
	ret(b, p)
	b.SetCurrent(els)
	elseQ := access(ssa.OpLoad, q, ssa.Mem32, 4)   // the sibling does not cover it: checked
	elseP := access(ssa.OpLoad, p, ssa.Mem16U, 18) // p+20: covered by further
	ret(b, p)
	require.NoError(t, f.Verify())

	MarkInBounds(f)
	require.Contains(t, f.Format(), "store 32+12 inbounds, v0, v1")
	for name, c := range map[string]struct {
		in       *ssa.Instr
		inBounds bool
	}{
		"wide": {wide, false}, "inside": {inside, true}, "low": {low, true}, "further": {further, false},
		"other": {other, false}, "field": {field, true}, "past": {past, false}, "thenQ": {thenQ, false}, "elseQ": {elseQ, false}, "elseP": {elseP, true},
	} {
		require.Equal(t, c.inBounds, c.in.Aux2 == ssa.InBounds, name)
	}
}
