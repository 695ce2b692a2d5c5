package opt

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

func (c *loopCtx) icmp(cond ssa.Cond, x, y ssa.Value) ssa.Value {
	return c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIcmp, Cond: cond, Args: []ssa.Value{x, y}}, i32).Result()
}

func (c *loopCtx) sel(t ssa.Type, cond, x, y ssa.Value) ssa.Value {
	return c.op(ssa.OpSelect, t, cond, x, y)
}

// caseConversion is toupper's body as clang writes it for the bytes at
// offs: c-'a' <u 26 ? c&0x5f : c (or tolower's with the bounds of 'A'
// and c|0x20).
func (c *loopCtx) caseConversion(upper bool, offs ...uint64) {
	first, op, mask := uint64('a'), ssa.OpBand, uint64(0x5f)
	if !upper {
		first, op, mask = 'A', ssa.OpBor, 0x20
	}
	k, n, m := c.k32(first), c.k32(26), c.k32(mask)
	for _, off := range offs {
		ch := c.loadNarrow(ssa.Mem8U, c.a, off)
		in := c.icmp(ssa.CondULt, c.op(ssa.OpIsub, i32, ch, k), n)
		c.storeNarrow(ssa.Mem8U, c.c, off, c.sel(i32, in, c.op(op, i32, ch, m), ch))
	}
}

func TestVectorizeSelects(t *testing.T) {
	cases := []loopCase{
		{"i8 toupper", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.caseConversion(true, 0)
				return nil, c.i
			})
		}, 1},
		{"i8 tolower unrolled twice", func() *ssa.Func {
			return countedLoop(2, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.caseConversion(false, 0, 1)
				return nil, c.i
			})
		}, 1},
		{"i8 isdigit: c-'0' <=u 9 stored as 0 or 1", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				d := c.op(ssa.OpIsub, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.k32('0'))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.icmp(ssa.CondULe, d, c.k32(9)))
				return nil, c.i
			})
		}, 1},
		{"i8 constant first: 200 >u c-10", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.loadNarrow(ssa.Mem8U, c.a, 0)
				in := c.icmp(ssa.CondUGt, c.k32(200), c.op(ssa.OpIsub, i32, a, c.k32(10)))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.sel(i32, in, a, c.loadNarrow(ssa.Mem8U, c.b, 0)))
				return nil, c.i
			})
		}, 1},
		{"i8 signed minimum of sign-extended bytes", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a, b := c.loadNarrow(ssa.Mem8S, c.a, 0), c.loadNarrow(ssa.Mem8S, c.b, 0)
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.sel(i32, c.icmp(ssa.CondSLt, a, b), a, b))
				return nil, c.i
			})
		}, 1},
		{"i8 unsigned compare of sign-extended bytes", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a, b := c.loadNarrow(ssa.Mem8S, c.a, 0), c.loadNarrow(ssa.Mem8S, c.b, 0)
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.sel(i32, c.icmp(ssa.CondUGe, a, b), b, c.x))
				return nil, c.i
			})
		}, 1},
		{"i8 signed compare of zero-extended bytes and a mask condition", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a, b := c.loadNarrow(ssa.Mem8U, c.a, 0), c.loadNarrow(ssa.Mem8U, c.b, 0)
				v := c.sel(i32, c.icmp(ssa.CondSGt, a, b), a, c.x)
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.sel(i32, c.op(ssa.OpBand, i32, b, c.k32(4)), v, b))
				return nil, c.i
			})
		}, 1},
		{"i16 clamp to 1000", func() *ssa.Func {
			return countedLoop(2, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.loadNarrow(ssa.Mem16U, c.a, 0)
				c.storeNarrow(ssa.Mem16U, c.c, 0, c.sel(i32, c.icmp(ssa.CondUGt, a, c.k32(1000)), c.k32(1000), a))
				return nil, c.i
			})
		}, 2},
		{"i32 a == b, and a <s b ? a : x", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a, b := c.load(i32, c.a, 0), c.load(i32, c.b, 0)
				c.store(c.c, 0, c.op(ssa.OpIadd, i32, c.icmp(ssa.CondEq, a, b), c.sel(i32, c.icmp(ssa.CondSLt, a, b), a, c.x)))
				return nil, c.i
			})
		}, 4},
		{"f32 select by an i32 comparison", func() *ssa.Func {
			return countedLoop(4, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.load(i32, c.a, 0)
				fa := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem32), Args: []ssa.Value{c.addr(c.b, 0)}}, ssa.TypeF32).Result()
				fb := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem32), Args: []ssa.Value{c.addr(c.c, 0)}}, ssa.TypeF32).Result()
				c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem32), Args: []ssa.Value{c.addr(c.c, 0),
					c.sel(ssa.TypeF32, c.icmp(ssa.CondULt, a, c.x), fa, fb)}})
				return nil, c.i
			})
		}, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkVectorizes(t, tc, 0x1F3, 1) })
	}
	refused := []loopCase{
		{"i8 c-'a' <u 200: bytes below 'a' would pass in 8 bits", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				d := c.op(ssa.OpIsub, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.k32('a'))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.icmp(ssa.CondULt, d, c.k32(200)))
				return nil, c.i
			})
		}, 1},
		{"i8 a+x <u b: x unknown", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.x)
				b := c.loadNarrow(ssa.Mem8U, c.b, 0)
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.sel(i32, c.icmp(ssa.CondULt, a, b), a, b))
				return nil, c.i
			})
		}, 1},
		{"i64 select on an i64 comparison: no i64 lane comparison", func() *ssa.Func {
			return countedLoop(8, i64, i64, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a, b := c.load(i64, c.a, 0), c.load(i64, c.b, 0)
				lt := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondULt, Args: []ssa.Value{a, b}}, i32).Result()
				c.store(c.c, 0, c.sel(i64, lt, a, b))
				return nil, c.x
			})
		}, 8},
		{"i32 stores an i64 comparison", func() *ssa.Func {
			return countedLoop(4, i64, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{c.load(i32, c.a, 0)}}, i64).Result()
				c.store(c.c, 0, c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{a, c.x}}, i32).Result())
				return nil, c.i
			})
		}, 4},
		{"i8 a+b == 0: the sum may carry out of the lane", func() *ssa.Func {
			return countedLoop(1, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				a := c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.loadNarrow(ssa.Mem8U, c.b, 0))
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.icmp(ssa.CondEq, a, c.k32(0)))
				return nil, c.i
			})
		}, 1},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) { checkVectorizes(t, tc, 0x1F3, 0) })
	}
}

func TestVectorizeCounts(t *testing.T) {
	cases := []loopCase{
		{"i64 count of differing bytes unrolled twice", func() *ssa.Func {
			return countedLoop(2, i64, i64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.carried[0]
				for _, off := range []uint64{0, 1} {
					ne := c.icmp(ssa.CondNe, c.loadNarrow(ssa.Mem8U, c.a, off), c.loadNarrow(ssa.Mem8U, c.b, off))
					s = c.op(ssa.OpIadd, i64, s, c.f.Append(c.body, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{ne}}, i64).Result())
				}
				return []ssa.Value{s}, s
			})
		}, 1},
		{"i32 count of lowercase bytes", func() *ssa.Func {
			return countedLoop(1, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				d := c.op(ssa.OpIsub, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.k32('a'))
				s := c.op(ssa.OpIadd, i32, c.icmp(ssa.CondULt, d, c.k32(26)), c.carried[0])
				return []ssa.Value{s}, s
			})
		}, 1},
		{"i32 count of a <s b over words", func() *ssa.Func {
			return countedLoop(4, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				s := c.op(ssa.OpIadd, i32, c.carried[0], c.icmp(ssa.CondSLt, c.load(i32, c.a, 0), c.load(i32, c.b, 0)))
				return []ssa.Value{s}, s
			})
		}, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkVectorizes(t, tc, 0x1F3, 1) })
	}
	refused := loopCase{"i32 count of a+b == 0 over bytes", func() *ssa.Func {
		return countedLoop(1, i32, i32, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			a := c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, 0), c.loadNarrow(ssa.Mem8U, c.b, 0))
			s := c.op(ssa.OpIadd, i32, c.carried[0], c.icmp(ssa.CondEq, a, c.k32(0)))
			return []ssa.Value{s}, s
		})
	}, 1}
	checkVectorizes(t, refused, 0x1F3, 0)
}
