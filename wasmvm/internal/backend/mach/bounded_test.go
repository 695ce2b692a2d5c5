package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// countedLoop builds func(n i32): a block looping on itself with an i32
// counter that enters as start (the parameter n when start is nil),
// steps by step and stays while counter' <cond> bound, plus a load from
// memory at the counter (so the body is not empty); with loadBound, the
// bound is loaded instead of constant.
func countedLoop(start *uint64, step uint64, cond ssa.Cond, bound uint64, loadBound bool) (*ssa.Func, *ssa.Block) {
	f := ssa.NewFunc("loop", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
	entry := f.Entry()
	loop := f.NewBlock()
	exit := f.NewBlock()
	i := f.AddParam(loop, ssa.TypeI32)
	k := func(b *ssa.Block, x uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, ssa.TypeI32).Result()
	}
	first := entry.Params[0]
	if start != nil {
		first = k(entry, *start)
	}
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{first}}}})
	x := f.Append(loop, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem32), Args: []ssa.Value{i}}, ssa.TypeI32).Result()
	next := f.Append(loop, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{i, k(loop, step)}}, ssa.TypeI32).Result()
	limit := k(loop, bound)
	if loadBound {
		limit = x
	}
	c := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: cond, Args: []ssa.Value{next, limit}}, ssa.TypeI32).Result()
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: []ssa.BlockCall{
		{Block: loop.ID, Args: []ssa.Value{next}}, {Block: exit.ID}}})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn})
	return f, loop
}

// TestBoundedSelfLoop checks which loops are found to end within
// boundedLoopBudget (and so check no epoch): a counter from a constant
// to a constant bound, and not one from a parameter, one to a loaded
// bound, one whose trip count exceeds the budget, nor one that steps
// over its bound and never leaves.
func TestBoundedSelfLoop(t *testing.T) {
	zero, one := uint64(0), uint64(1)
	for _, tc := range []struct {
		name      string
		start     *uint64
		step      uint64
		cond      ssa.Cond
		bound     uint64
		loadBound bool
		bounded   bool
	}{
		{"up to 63 by 1", &zero, 1, ssa.CondNe, 63, false, true},
		{"up to 0xfc0 by 0x40", &zero, 0x40, ssa.CondULt, 0xfc0, false, true},
		{"down from 1 by -1, wrapping", &one, 1<<32 - 1, ssa.CondSGe, 0, false, true},
		{"from a parameter", nil, 1, ssa.CondNe, 63, false, false},
		{"to a loaded bound", &zero, 1, ssa.CondNe, 0, true, false},
		{"beyond the budget", &zero, 1, ssa.CondNe, boundedLoopBudget, false, false},
		{"stepping over its bound", &zero, 2, ssa.CondNe, 63, false, false},
	} {
		f, loop := countedLoop(tc.start, tc.step, tc.cond, tc.bound, tc.loadBound)
		require.Equal(t, tc.bounded, boundedSelfLoop(f, loop), tc.name)
	}
}

// TestBoundedSelfLoopEvalSteps checks that the simulation gives up on a
// loop whose condition doubles its work at each level (c = d + d, d = e +
// e, ...) once it has spent maxEvalSteps evaluations, though the loop
// would leave in time.
func TestBoundedSelfLoopEvalSteps(t *testing.T) {
	f := ssa.NewFunc("wide", ssa.Signature{})
	entry, loop, exit := f.Entry(), f.NewBlock(), f.NewBlock()
	i := f.AddParam(loop, ssa.TypeI32)
	k := func(b *ssa.Block, x uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, ssa.TypeI32).Result()
	}
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{k(entry, 0)}}}})
	next := f.Append(loop, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{i, k(loop, 1)}}, ssa.TypeI32).Result()
	x := next
	for range maxEvalDepth - 2 { // the constant 1 sits at the deepest level
		x = f.Append(loop, &ssa.Instr{Op: ssa.OpBand, Args: []ssa.Value{x, x}}, ssa.TypeI32).Result()
	}
	c := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondULt, Args: []ssa.Value{x, k(loop, 2000)}}, ssa.TypeI32).Result()
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: []ssa.BlockCall{
		{Block: loop.ID, Args: []ssa.Value{next}}, {Block: exit.ID}}})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn})
	require.False(t, boundedSelfLoop(f, loop), "2000 trips of about 2^7 evaluations each exceed maxEvalSteps")
	ev := loopEval{f: f, block: loop.ID, counter: i}
	v, ok := ev.eval(c, 1999, 0)
	require.True(t, ok, "one evaluation is within the steps")
	require.EqualValues(t, 0, v)
}
