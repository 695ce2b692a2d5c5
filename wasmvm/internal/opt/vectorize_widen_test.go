package opt

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// sumLoop builds a loop adding the members' loads of a (access ma, size
// bytes each) to a carried sum, in the order given by the members' list,
// optionally also copying each to c; it returns the sum.
func sumLoop(t ssa.Type, ma ssa.MemAccess, size uint64, order []int, copyToC bool) func() *ssa.Func {
	return func() *ssa.Func {
		return countedLoop(size*uint64(len(order)), t, t, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			s := c.carried[0]
			for _, m := range order {
				x := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.a, uint64(m)*size)}}, t).Result()
				if copyToC {
					c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.c, uint64(m)*size), x}})
				}
				s = c.op(ssa.OpIadd, t, s, x)
			}
			return []ssa.Value{s}, s
		})
	}
}

// TestVectorizeSums checks sums of loads, narrow ones widened in the
// vector loop and unrolled ones, alone and beside a copy.
func TestVectorizeSums(t *testing.T) {
	cases := []loopCase{
		{"i32 sum of u8", sumLoop(i32, ssa.Mem8U, 1, []int{0}, false), 1},
		{"i32 sum of s8 unrolled four times", sumLoop(i32, ssa.Mem8S, 1, []int{0, 1, 2, 3}, false), 1},
		{"i32 sum of u8 unrolled, members out of order, copied", sumLoop(i32, ssa.Mem8U, 1, []int{2, 0, 3, 1}, true), 1},
		{"i32 sum of s16 unrolled twice", sumLoop(i32, ssa.Mem16S, 2, []int{0, 1}, false), 2},
		{"i32 sum of u16 copied", sumLoop(i32, ssa.Mem16U, 2, []int{0}, true), 2},
		{"i32 sum of i32 unrolled four times", sumLoop(i32, ssa.Mem32, 4, []int{0, 1, 2, 3}, false), 4},
		{"i64 sum of i64 unrolled twice", sumLoop(i64, ssa.Mem64, 8, []int{1, 0}, false), 8},
		{"i32 sum of u8 in a chain grouped otherwise", func() *ssa.Func {
			return countedLoop(2, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				x0, x1 := c.loadNarrow(ssa.Mem8U, c.a, 0), c.loadNarrow(ssa.Mem8U, c.a, 1)
				s := c.op(ssa.OpIadd, i32, x1, c.op(ssa.OpIadd, i32, x0, c.carried[0]))
				return []ssa.Value{s}, s
			})
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 0xFFFFFF80, 1) })
	}
	refused := []loopCase{
		{"a member added twice, another copied", func() *ssa.Func {
			return countedLoop(2, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.carried[0], c.loadNarrow(ssa.Mem8U, c.a, 0))
				s = c.op(ssa.OpIadd, i32, s, c.loadNarrow(ssa.Mem8U, c.a, 0))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.loadNarrow(ssa.Mem8U, c.a, 1))
				c.storeNarrow(ssa.Mem8U, c.c, 1, c.k32(7))
				return []ssa.Value{s}, s
			})
		}, 1},
		{"loads extended differently", twoByteSum(2, ssa.Mem8S, false), 1},
		{"a partial sum stored", func() *ssa.Func {
			return countedLoop(2, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.carried[0], c.loadNarrow(ssa.Mem8U, c.a, 0))
				c.storeNarrow(ssa.Mem8U, c.c, 0, s)
				s = c.op(ssa.OpIadd, i32, s, c.loadNarrow(ssa.Mem8U, c.a, 1))
				return []ssa.Value{s}, s
			})
		}, 1},
		{"bytes of two arrays", twoByteSum(1, ssa.Mem8U, true), 1},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 0xFFFFFF80, 0) })
	}
}

// twoByteSum builds s += a[j] (zero-extended) + x, with x the next byte
// of a loaded as ma or, if fromB, b[j].
func twoByteSum(step uint64, ma ssa.MemAccess, fromB bool) func() *ssa.Func {
	return func() *ssa.Func {
		return countedLoop(step, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			base, off := c.a, uint64(1)
			if fromB {
				base, off = c.b, 0
			}
			x := c.loadNarrow(ma, base, off)
			s := c.op(ssa.OpIadd, i32, c.carried[0], c.loadNarrow(ssa.Mem8U, c.a, 0))
			s = c.op(ssa.OpIadd, i32, s, x)
			return []ssa.Value{s}, s
		})
	}
}
