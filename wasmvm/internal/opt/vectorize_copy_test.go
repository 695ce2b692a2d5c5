package opt

import (
	"fmt"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// copyPlacements are array addresses (a the source, c the destination)
// for copies: apart, the destination behind or ahead of the source by
// 0 to 20 bytes (a memmove's overlaps; some of them with -short), and
// running off either end of the memory.
func copyPlacements() [][3]uint64 {
	places := [][3]uint64{{4096, 0, 20000}, {20000, 0, 4096}, {3, 0, 4096}, {4096, 0, 5},
		{memSize - 40, 0, 8192}, {8192, 0, memSize - 24}, {0xFFFFFFF0, 0, 8192}}
	distances := []uint64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	if testing.Short() {
		distances = []uint64{0, 1, 3, 4, 8, 15, 16, 17}
	}
	for _, d := range distances {
		places = append(places, [3]uint64{8192 + d, 0, 8192}, [3]uint64{8192, 0, 8192 + d})
	}
	return places
}

// Orders of a copy body's loads and stores.
const (
	loadsThenStores = iota // all loads, then all stores
	interleaved            // each member's load, then its store
	reversed               // interleaved from the last member to the first
)

// copyBody copies the members' elements of a to c (unrolled members
// times), its loads and stores in the given order.
func copyBody(t ssa.Type, ma ssa.MemAccess, size uint64, members, order int) bodyBuilder {
	return func(c *loopCtx) ([]ssa.Value, ssa.Value) {
		vals := make([]ssa.Value, members)
		store := func(m int) {
			c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.c, uint64(m)*size), vals[m]}})
		}
		for k := range members {
			m := k
			if order == reversed {
				m = members - 1 - k
			}
			vals[m] = c.f.Append(c.body, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.a, uint64(m)*size)}}, t).Result()
			if order != loadsThenStores {
				store(m)
			}
		}
		if order == loadsThenStores {
			for m := range members {
				store(m)
			}
		}
		return nil, c.i
	}
}

// TestVectorizeCopies checks copy loops going up and down (memmove's
// forward and backward loops) over overlapping arrays: the vector loop
// runs when the destination trails the source, and the result is the
// scalar loop's wherever the arrays lie.
func TestVectorizeCopies(t *testing.T) {
	type copyCase struct {
		typ     ssa.Type
		ma      ssa.MemAccess
		size    uint64
		members int
	}
	for _, cc := range []copyCase{{i32, ssa.Mem8U, 1, 1}, {i32, ssa.Mem8U, 1, 4}, {i32, ssa.Mem32, 4, 1},
		{i32, ssa.Mem32, 4, 4}, {i64, ssa.Mem64, 8, 1}, {i32, ssa.Mem16U, 2, 2}, {i32, ssa.Mem8U, 1, 8},
		{i32, ssa.Mem8U, 1, 16}, {i32, ssa.Mem16U, 2, 8}} {
		for _, backward := range []bool{false, true} {
			for _, order := range []int{loadsThenStores, interleaved, reversed} {
				if cc.members == 1 && order != loadsThenStores {
					continue
				}
				step := cc.size * uint64(cc.members)
				if backward {
					step = uint64(-uint32(step))
				}
				name := fmt.Sprintf("%d-byte elements x%d down=%v order %d", cc.size, cc.members, backward, order)
				c := loopCase{name, func() *ssa.Func {
					return countedLoop(step, i32, i32, 0, copyBody(cc.typ, cc.ma, cc.size, cc.members, order))
				}, cc.size}
				t.Run(name, func(t *testing.T) { checkVectorizesAt(t, c, 0, 1, copyPlacements()) })
			}
		}
	}
}

// TestVectorizeStoreBeforeLoad checks a loop storing to c[j] before
// loading a[j] (and copying it to b): when c is a, the load reads the
// store, which the vector loop must not reorder.
func TestVectorizeStoreBeforeLoad(t *testing.T) {
	for _, step := range []uint64{1, down(1)} {
		c := loopCase{fmt.Sprintf("step %d", int32(step)), func() *ssa.Func {
			return countedLoop(step, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				c.storeNarrow(ssa.Mem8U, c.c, 0, c.x)
				c.storeNarrow(ssa.Mem8U, c.b, 0, c.loadNarrow(ssa.Mem8U, c.a, 0))
				return nil, c.i
			})
		}, 1}
		t.Run(c.name, func(t *testing.T) {
			places := [][3]uint64{{8192, 16384, 8192}, {8192, 16384, 8193}, {8193, 16384, 8192}, {8192, 16384, 4096}}
			checkVectorizesAt(t, c, 0x5A, 1, places)
		})
	}
}

// TestVectorizeBackward checks element-wise loops whose addresses
// decrease, with all of placements' overlaps and traps.
func TestVectorizeBackward(t *testing.T) {
	cases := []loopCase{
		{"i32 c = (a<<3)^b going down", func() *ssa.Func {
			return countedLoop(down(4), i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				v := c.op(ssa.OpBxor, i32, c.op(ssa.OpIshl, i32, c.load(i32, c.a, 0), c.k32(3)), c.load(i32, c.b, 0))
				c.store(c.c, 0, v)
				return nil, v
			})
		}, 4},
		{"i8 c[j], c[j+1] = a+x going down", func() *ssa.Func {
			return countedLoop(down(2), i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
				for off := range uint64(2) {
					c.storeNarrow(ssa.Mem8U, c.c, off, c.op(ssa.OpIadd, i32, c.loadNarrow(ssa.Mem8U, c.a, off), c.x))
				}
				return nil, c.i
			})
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			places := append(placements(c.elem), [3]uint64{8192, 12288, 16384}, [3]uint64{3 * c.elem, 8192, 16384})
			checkVectorizesAt(t, c, 5, 1, places)
		})
	}
	refused := loopCase{"i64 carried value going down", func() *ssa.Func {
		return countedLoop(down(8), i64, i64, 1, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
			next := c.load(i64, c.a, 0)
			c.store(c.c, 0, c.op(ssa.OpIadd, i64, c.carried[0], next))
			return []ssa.Value{next}, next
		})
	}, 8}
	t.Run(refused.name, func(t *testing.T) { checkVectorizes(t, refused, 5, 0) })
}

// down is the i32 step -s.
func down(s uint32) uint64 { return uint64(-s) }
