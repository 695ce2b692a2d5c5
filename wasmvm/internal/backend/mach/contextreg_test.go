package mach

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestContextReads checks the loads of the context registers counted for
// a function: one per read, one per register at each call, weighted by
// loop depth; the quiet loops are those whose own blocks read nothing.
func TestContextReads(t *testing.T) {
	use := func(m *Instr) ContextUse {
		switch m.Op {
		case OpGlobalGet:
			return ReadsContext
		case OpCall:
			return CallsWithContext
		}
		return NoContext
	}
	// Block 0 (depth 0) reads a global and calls; block 1 is a loop
	// (depth 1, header 1) that calls; block 2 a loop nested in it (depth
	// 2, header 2) that reads nothing.
	l := &Func{Blocks: []Block{
		{Instrs: []Instr{{Op: OpGlobalGet}, {Op: OpCall}}},
		{Instrs: []Instr{{Op: OpCall}}},
		{Instrs: []Instr{{Op: OpRet}}},
	}}
	depth, inner := []int{0, 1, 2}, []int{-1, 1, 2}
	for _, regs := range []int{1, 2} {
		n, quiet, ok := contextReads(l, depth, inner, use, regs)
		require.True(t, ok)
		require.Equal(t, 1+regs+8*regs, n, "%d registers", regs)
		require.Equal(t, []bool{false, false, true}, quiet)
	}
	l.Blocks[2].Instrs = append(l.Blocks[2].Instrs, Instr{Op: OpMemCopy})
	needs := func(m *Instr) ContextUse {
		if m.Op == OpMemCopy {
			return NeedsContextRegister
		}
		return use(m)
	}
	_, _, ok := contextReads(l, depth, inner, needs, 2)
	require.False(t, ok, "an instruction needs the context in its register")
}
