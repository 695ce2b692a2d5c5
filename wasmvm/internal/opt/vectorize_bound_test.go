package opt

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// boundedLoop builds func(a, b, c, n, x i32) running body for i =
// n*|step|+5, and on by step (i the byte offset body's addresses add) while i+step cond
// x; the loop is entered only if n != 0, and its exit test is written
// with x on the left when xFirst (cond swapped) or with the back edge on
// the false side when negate (cond negated).
func boundedLoop(step int32, cond ssa.Cond, xFirst, negate bool, body bodyBuilder) *ssa.Func {
	f := ssa.NewFunc("bounded", ssa.Signature{Params: []ssa.Type{i32, i32, i32, i32, i32}, Results: []ssa.Type{i32}})
	entry, pre, loop, exit, empty := f.Entry(), f.NewBlock(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	p := entry.Params
	zero := f.Append(entry, &ssa.Instr{Op: ssa.OpIconst}, i32).Result()
	none := f.Append(entry, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{p[3], zero}}, i32).Result()
	f.Append(entry, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{none}, Targets: []ssa.BlockCall{{Block: empty.ID}, {Block: pre.ID}}})
	k := func(x uint64) ssa.Value { return f.Append(pre, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, i32).Result() }
	abs := uint64(step)
	if step < 0 {
		abs = uint64(-step)
	}
	i0 := f.Append(pre, &ssa.Instr{Op: ssa.OpIadd, Args: []ssa.Value{
		f.Append(pre, &ssa.Instr{Op: ssa.OpImul, Args: []ssa.Value{p[3], k(abs)}}, i32).Result(), k(5)}}, i32).Result()
	f.Append(pre, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{i0}}}})
	ctx := &loopCtx{f: f, body: loop, i: f.AddParam(loop, i32), a: p[0], b: p[1], c: p[2], x: p[4]}
	_, live := body(ctx)
	next := ctx.op(ssa.OpIadd, i32, ctx.i, ctx.k32(uint64(uint32(step))))
	args := []ssa.Value{next, p[4]}
	if xFirst {
		args, cond = []ssa.Value{p[4], next}, cond.Swapped()
	}
	targets := []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{next}}, {Block: exit.ID, Args: []ssa.Value{live}}}
	if negate {
		neg, _ := cond.Negated(true)
		cond, targets[0], targets[1] = neg, targets[1], targets[0]
	}
	more := f.Append(loop, &ssa.Instr{Op: ssa.OpIcmp, Cond: cond, Args: args}, i32).Result()
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{more}, Targets: targets})
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{f.AddParam(exit, i32)}})
	f.Append(empty, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{f.Append(empty, &ssa.Instr{Op: ssa.OpIconst}, i32).Result()}})
	return f
}

// TestVectorizeBoundedExits checks loops that count down to a bound (n -=
// 32 while n > 31, memset's and memcpy's loops) or up to one, with bodies
// advancing one vector or several per iteration, over bounds that wrap
// or not and trip counts around the vector loop's.
func TestVectorizeBoundedExits(t *testing.T) {
	type boundCase struct {
		step  int32
		cond  ssa.Cond
		elems []uint64 // element offsets of the body's accesses
		size  uint64
	}
	cases := []boundCase{
		{-32, ssa.CondUGt, []uint64{0, 8, 16, 24}, 8},
		{-16, ssa.CondUGe, []uint64{0, 4, 8, 12}, 4},
		{-64, ssa.CondUGt, []uint64{0, 8, 16, 24, 32, 40, 48, 56}, 8},
		{-4, ssa.CondUGt, []uint64{0}, 4},
		{32, ssa.CondULt, []uint64{0, 8, 16, 24}, 8},
		{1, ssa.CondULe, []uint64{0}, 1},
		{32, ssa.CondULt, []uint64{16, 24}, 8}, // half of each iteration's bytes
	}
	for _, bc := range cases {
		for _, form := range [][2]bool{{false, false}, {true, true}} {
			name := fmt.Sprintf("step %d %s elems %v xFirst %v negated %v", bc.step, bc.cond, bc.elems, form[0], form[1])
			c := loopCase{name, func() *ssa.Func {
				return boundedLoop(bc.step, bc.cond, form[0], form[1], func(c *loopCtx) ([]ssa.Value, ssa.Value) {
					t, ma := i32, ssa.Mem32
					if bc.size == 8 {
						t, ma = i64, ssa.Mem64
					} else if bc.size == 1 {
						ma = ssa.Mem8U
					}
					for _, off := range bc.elems {
						v := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.a, off)}}, t).Result()
						c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.c, off), v}})
					}
					return nil, c.i
				})
			}, bc.size}
			abs := uint64(bc.step)
			if bc.step < 0 {
				abs = uint64(-bc.step)
			}
			limits := []uint64{abs - 2, abs - 1, 2*abs + 3, 100}
			if bc.step > 0 {
				limits = []uint64{40, 2003, 0xFFFFFFFF - abs}
			}
			t.Run(name, func(t *testing.T) {
				ran := 0
				for _, x := range limits {
					ran += compareVectorized(t, c, x, 1, [][3]uint64{{0, 0, 8192}, {8192, 0, 0}, {8192, 0, 8192 - 8},
						{8192, 0, 8192 + 8}, {memSize - 3000, 0, 4096}, {0xFFFFFFFF - 2000, 0, 4096}})
				}
				require.Positive(t, ran, "the vector loop never ran")
			})
		}
	}
}
