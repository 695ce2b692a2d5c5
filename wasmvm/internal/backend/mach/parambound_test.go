package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// loopShape describes a one-block loop over an i32 parameter p: the entry
// passes init, the loop's branch compares its next value (p plus step, or
// p plus a second entry value when step is 0) with limit under cond, and
// goes back while the comparison holds (or, with exitFirst, while it
// does not: the loop is the branch's second target).
type loopShape struct {
	init      func(f *ssa.Func, entry *ssa.Block) ssa.Value
	step      uint64
	cond      ssa.Cond
	limit     uint64
	swap      bool // compare limit with the next value, not the reverse
	exitFirst bool
}

func constInit(k uint64) func(*ssa.Func, *ssa.Block) ssa.Value {
	return func(f *ssa.Func, b *ssa.Block) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: k}, ssa.TypeI32).Result()
	}
}

// paramInit starts the loop at the function's (unbounded) parameter.
func paramInit(f *ssa.Func, b *ssa.Block) ssa.Value { return b.Params[0] }

// build returns the function and the loop's parameter p.
func (s loopShape) build() (*ssa.Func, ssa.Value) {
	f := ssa.NewFunc("loop", ssa.Signature{Params: []ssa.Type{ssa.TypeI32, ssa.TypeI32}})
	entry := f.Entry()
	loop, exit := f.NewBlock(), f.NewBlock()
	p := f.AddParam(loop, ssa.TypeI32)
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{s.init(f, entry)}}}})
	step := entry.Params[1]
	if s.step != 0 {
		step = f.Append(loop, &ssa.Instr{Op: ssa.OpIconst, Imm: s.step}, ssa.TypeI32).Result()
	}
	next := f.Append(loop, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{p, step}}, ssa.TypeI32).Result()
	limit := f.Append(loop, &ssa.Instr{Op: ssa.OpIconst, Imm: s.limit}, ssa.TypeI32).Result()
	args := []ssa.Value{next, limit}
	if s.swap {
		args[0], args[1] = limit, next
	}
	c := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: s.cond, Args: args}, ssa.TypeI32).Result()
	back, out := ssa.BlockCall{Block: loop.ID, Args: []ssa.Value{next}}, ssa.BlockCall{Block: exit.ID}
	targets := []ssa.BlockCall{back, out}
	if s.exitFirst {
		targets[0], targets[1] = out, back
	}
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: targets})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn})
	return f, p
}

// paramTestTarget is enough of a target to lower the tests' functions.
var paramTestTarget = &Target{ArgRegisters: [2][]regalloc.Reg{{0, 1, 2, 3}, {4, 5}}}

// TestParamBounds checks the bounds of loop parameters that address
// fusion relies on: a counter stepping by one to a constant from below
// it, and a value the loop's branch compared below a constant; and that
// nothing is bounded where the loop may start past its limit, compares
// signed, or steps by an unknown amount without a bounding comparison.
func TestParamBounds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape loopShape
		max   uint64
		known bool
	}{
		{"count up to 100", loopShape{init: constInit(2), step: 1, cond: ssa.CondNe, limit: 100}, 99, true},
		{"count up, eq exits", loopShape{init: constInit(0), step: 1, cond: ssa.CondEq, limit: 100, exitFirst: true}, 99, true},
		{"count up, limit first", loopShape{init: constInit(0), step: 1, cond: ssa.CondNe, limit: 100, swap: true}, 99, true},
		{"count up from the limit", loopShape{init: constInit(100), step: 1, cond: ssa.CondNe, limit: 100}, 0, false},
		{"count up from past the limit", loopShape{init: constInit(200), step: 1, cond: ssa.CondNe, limit: 100}, 0, false},
		{"count up from anything", loopShape{init: paramInit, step: 1, cond: ssa.CondNe, limit: 100}, 0, false},
		{"count by two to a limit", loopShape{init: constInit(0), step: 2, cond: ssa.CondNe, limit: 100}, 0, false},
		{"unsigned below", loopShape{init: constInit(7), step: 0, cond: ssa.CondULt, limit: 0x2001}, 0x2000, true},
		{"unsigned below, larger start", loopShape{init: constInit(0x3000), step: 3, cond: ssa.CondULt, limit: 0x2001}, 0x3000, true},
		{"unsigned at most", loopShape{init: constInit(1), step: 0, cond: ssa.CondULe, limit: 50}, 50, true},
		{"limit above", loopShape{init: constInit(1), step: 0, cond: ssa.CondUGt, limit: 50, swap: true}, 49, true},
		{"unsigned at least exits", loopShape{init: constInit(1), step: 0, cond: ssa.CondUGe, limit: 50, exitFirst: true}, 49, true},
		{"below zero", loopShape{init: constInit(1), step: 0, cond: ssa.CondULt, limit: 0}, 0, false},
		{"signed below", loopShape{init: constInit(0), step: 1, cond: ssa.CondSLt, limit: 100}, 0, false},
		{"unsigned above", loopShape{init: constInit(0), step: 1, cond: ssa.CondUGt, limit: 100}, 0, false},
		{"below, from anything", loopShape{init: paramInit, step: 1, cond: ssa.CondULt, limit: 100}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, p := tc.shape.build()
			require.NoError(t, f.Verify())
			l, err := Lower(f, paramTestTarget)
			require.NoError(t, err)
			max, known := l.maxValue(p, maxValueDepth)
			require.Equal(t, tc.known, known)
			if known {
				require.Equal(t, tc.max, max)
			}
		})
	}
}

// TestParamBoundsCycle checks that parameters passed around a cycle of
// blocks, with no bound of their own, have none, and that the search
// ends.
func TestParamBoundsCycle(t *testing.T) {
	f := ssa.NewFunc("cycle", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
	entry := f.Entry()
	a, b := f.NewBlock(), f.NewBlock()
	pa, pb := f.AddParam(a, ssa.TypeI32), f.AddParam(b, ssa.TypeI32)
	zero := f.Append(entry, &ssa.Instr{Op: ssa.OpIconst}, ssa.TypeI32).Result()
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: a.ID, Args: []ssa.Value{zero}}}})
	f.Append(a, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: b.ID, Args: []ssa.Value{pa}}}})
	sum := f.Append(b, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{pb, entry.Params[0]}}, ssa.TypeI32).Result()
	f.Append(b, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: a.ID, Args: []ssa.Value{sum}}}})
	require.NoError(t, f.Verify())
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	for _, v := range []ssa.Value{pa, pb} {
		_, known := l.maxValue(v, maxValueDepth)
		require.False(t, known)
	}
}
