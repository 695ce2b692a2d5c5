package opt

import (
	"fmt"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// shiftCopy builds memcpy's misaligned copy unrolled members times: c[m]
// = a[m]<<8 | prev>>(bits-8), prev being a[m-1], for member 0 the
// carried last element of the iteration before (x at first); the loop
// returns the carried value. With carryFirst it carries member 0's
// element instead, which is not the element before the next member 0.
func shiftCopy(t ssa.Type, members int, carryFirst bool) func() *ssa.Func {
	size := uint64(t.Bits() / 8)
	return func() *ssa.Func {
		return countedLoop(size*uint64(members), t, t, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			prev := c.carried[0]
			var first, last ssa.Value
			k := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIconst, Imm: 8}, t).Result()
			back := c.f.Append(c.body, &ssa.Instr{Op: ssa.OpIconst, Imm: uint64(t.Bits() - 8)}, t).Result()
			for m := range uint64(members) {
				w := c.load(t, c.a, m*size)
				c.store(c.c, m*size, c.op(ssa.OpBor, t, c.op(ssa.OpIshl, t, w, k), c.op(ssa.OpUshr, t, prev, back)))
				if m == 0 {
					first = w
				}
				prev, last = w, w
			}
			if carryFirst {
				return []ssa.Value{first}, c.carried[0]
			}
			return []ssa.Value{last}, c.carried[0]
		})
	}
}

// TestVectorizeShiftedCopies checks unrolled loops carrying their last
// loaded element to the next iteration.
func TestVectorizeShiftedCopies(t *testing.T) {
	for _, typ := range []ssa.Type{i32, i64} {
		for _, members := range []int{2, 4} {
			if typ == i64 && members == 4 {
				continue
			}
			c := loopCase{fmt.Sprintf("%s x%d", typ, members), shiftCopy(typ, members, false), uint64(typ.Bits() / 8)}
			t.Run(c.name, func(t *testing.T) { checkVectorizes(t, c, 8, 1) })
		}
	}
	refused := loopCase{"the first member carried", shiftCopy(i32, 4, true), 4}
	t.Run(refused.name, func(t *testing.T) { checkVectorizes(t, refused, 8, 0) })
}
