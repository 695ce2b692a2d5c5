package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// vecFoldFunc is func(p i32) storing at p: (a + b) f64x2, then c - that
// (c the first operand), then d + that as i32x4, with a..d v128 loads
// from p, p+16, ..., each right before the operation using it.
func vecFoldFunc() *ssa.Func {
	f := ssa.NewFunc("fold", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
	b := f.Entry()
	p := b.Params[0]
	load := func(off uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpLoad, Imm: off, Aux: uint32(ssa.Mem128), Args: []ssa.Value{p}}, ssa.TypeV128).Result()
	}
	op := func(o ssa.Op, s ssa.Shape, x, y ssa.Value) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: o, Aux: uint32(s), Args: []ssa.Value{x, y}}, ssa.TypeV128).Result()
	}
	a := load(0)
	sum := op(ssa.OpVadd, ssa.ShapeF64x2, a, load(16))    // folded: the second operand
	diff := op(ssa.OpVsub, ssa.ShapeF64x2, load(32), sum) // not: the first, of a float operation
	v := op(ssa.OpVadd, ssa.ShapeI32x4, load(48), diff)   // folded: integer addition commutes
	f.Append(b, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem128), Args: []ssa.Value{p, v}})
	f.Append(b, &ssa.Instr{Op: ssa.OpReturn})
	return f
}

// TestFoldVectorLoads checks which v128 loads the lane-wise operations
// take as memory operands: none without FoldVectorLoads (the SSE forms
// need aligned memory), with it the second operand of any foldable
// operation and the first of the ones that commute exactly.
func TestFoldVectorLoads(t *testing.T) {
	withAVX := *target
	withAVX.FoldVectorLoads = true
	for _, tc := range []struct {
		t             *mach.Target
		folded, loads int
	}{{target, 0, 4}, {&withAVX, 2, 2}} {
		l, err := mach.Lower(vecFoldFunc(), tc.t)
		require.NoError(t, err)
		folded, loads := 0, 0
		for _, b := range l.Blocks {
			for _, m := range b.Instrs {
				if m.Op == mach.OpVec && m.MemB {
					folded++
				}
				if m.Op == mach.OpVmem || m.Op == mach.OpLoad && m.Size == 16 {
					loads++
				}
			}
		}
		require.Equal(t, tc.folded, folded)
		require.Equal(t, tc.loads, loads, "loads left")
	}
}

// TestVectorConstantOperand checks which v128 constants lane-wise
// operations read from the function's constants (mach.Instr.VecConstB):
// the second operand of a foldable operation and the first of one that
// commutes exactly, not the first of a float subtraction (which keeps
// it in a register), nor a constant shift count.
func TestVectorConstantOperand(t *testing.T) {
	f := ssa.NewFunc("consts", ssa.Signature{Params: []ssa.Type{ssa.TypeI32}})
	b := f.Entry()
	p := b.Params[0]
	c := func(lo, hi uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpV128const, Imm: lo, Imm2: hi}, ssa.TypeV128).Result()
	}
	op := func(o ssa.Op, s ssa.Shape, x, y ssa.Value) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: o, Aux: uint32(s), Args: []ssa.Value{x, y}}, ssa.TypeV128).Result()
	}
	x := f.Append(b, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem128), Args: []ssa.Value{p}}, ssa.TypeV128).Result()
	x = op(ssa.OpVmul, ssa.ShapeF64x2, x, c(1, 2)) // folded: the second operand
	x = op(ssa.OpVsub, ssa.ShapeF64x2, c(3, 4), x) // not: the first, of a float operation
	x = op(ssa.OpVadd, ssa.ShapeI32x4, c(5, 6), x) // folded: integer addition commutes
	count := f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: 3}, ssa.TypeI32).Result()
	x = op(ssa.OpVishl, ssa.ShapeI32x4, x, count) // a count, not a vector constant
	f.Append(b, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ssa.Mem128), Args: []ssa.Value{p, x}})
	f.Append(b, &ssa.Instr{Op: ssa.OpReturn})
	l, err := mach.Lower(f, target)
	require.NoError(t, err)
	var folded [][2]int64
	for _, blk := range l.Blocks {
		for _, m := range blk.Instrs {
			if m.VecConstB() {
				folded = append(folded, [2]int64{m.Imm, m.Imm2})
			}
		}
	}
	require.Equal(t, [][2]int64{{1, 2}, {5, 6}}, folded)
}
