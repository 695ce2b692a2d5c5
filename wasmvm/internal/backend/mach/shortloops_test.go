package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestShortLoops checks which one-block loops ShortLoops lets go without
// an epoch check: counters with a non-zero step compared below a small
// constant, or counting by one to it from below; not loops that may run
// long, whose step may be zero, or that count to a large limit.
func TestShortLoops(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape loopShape
		short bool
	}{
		{"count to 1000", loopShape{init: constInit(0), step: 1, cond: ssa.CondNe, limit: 1000}, true},
		{"count to 2^16", loopShape{init: constInit(0), step: 1, cond: ssa.CondNe, limit: maxShortTrips}, true},
		{"count to 2^16+1", loopShape{init: constInit(0), step: 1, cond: ssa.CondNe, limit: maxShortTrips + 1}, false},
		{"count from anything", loopShape{init: paramInit, step: 1, cond: ssa.CondNe, limit: 1000}, false},
		{"step 3 below 0x2001", loopShape{init: paramInit, step: 3, cond: ssa.CondULt, limit: 0x2001}, true},
		{"step -1 below 0x2001", loopShape{init: paramInit, step: 0xFFFFFFFF, cond: ssa.CondULt, limit: 0x2001}, true},
		{"unknown step below 0x2001", loopShape{init: paramInit, step: 0, cond: ssa.CondULt, limit: 0x2001}, false},
		{"step 1 below 2^20", loopShape{init: constInit(0), step: 1, cond: ssa.CondULt, limit: 1 << 20}, false},
		{"signed below 100", loopShape{init: constInit(0), step: 1, cond: ssa.CondSLt, limit: 100}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, p := tc.shape.build()
			l, err := Lower(f, paramTestTarget)
			require.NoError(t, err)
			header := l.index[f.BlockOf(p)]
			require.True(t, l.LoopHeaders()[header])
			require.Equal(t, tc.short, l.ShortLoops(l.backEdges())[header])
			if tc.short { // (EpochChecks may drop others: boundedSelfLoop)
				require.False(t, l.EpochChecks()[header])
			}
		})
	}
}

// TestShortLoopsInnermost checks that a short loop around another loop
// keeps its check (nested short loops could multiply their trips).
func TestShortLoopsInnermost(t *testing.T) {
	f := ssa.NewFunc("nest", ssa.Signature{})
	entry := f.Entry()
	outer, inner, latch, exit := f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	i, j := f.AddParam(outer, ssa.TypeI32), f.AddParam(inner, ssa.TypeI32)
	k := func(b *ssa.Block, v uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: v}, ssa.TypeI32).Result()
	}
	counting := func(b *ssa.Block, p ssa.Value, loop, out *ssa.Block, outArgs []ssa.Value) {
		next := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{p, k(b, 1)}}, ssa.TypeI32).Result()
		c := f.Append(b, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondNe, Args: []ssa.Value{next, k(b, 100)}}, ssa.TypeI32).Result()
		f.Append(b, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: []ssa.BlockCall{
			{Block: loop.ID, Args: []ssa.Value{next}}, {Block: out.ID, Args: outArgs}}})
	}
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: outer.ID, Args: []ssa.Value{k(entry, 0)}}}})
	f.Append(outer, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: inner.ID, Args: []ssa.Value{k(outer, 0)}}}})
	counting(inner, j, inner, latch, nil)
	counting(latch, i, outer, exit, nil)
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn})
	require.NoError(t, f.Verify())
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	short := l.ShortLoops(l.backEdges())
	require.True(t, short[l.index[inner.ID]])
	require.False(t, short[l.index[outer.ID]])
}
