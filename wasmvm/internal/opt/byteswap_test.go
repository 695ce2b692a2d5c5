package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestFoldByteSwap checks that ors of shifted and masked bytes that
// reverse a value's bytes become byte swaps (the scan vectorizer's
// window form in i32, and an i64 one masking before it shifts), and that
// permutations other than the reversal, and bytes of two values, stay.
func TestFoldByteSwap(t *testing.T) {
	k := func(b *ssa.Builder, t ssa.Type, c uint64) ssa.Value { return b.Iconst(t, c) }
	t.Run("i32", func(t *testing.T) {
		f, b := newFunc(i32, i32)
		x := f.Entry().Params[0]
		top := binary(b, ssa.OpIshl, x, k(b, i32, 24))
		second := binary(b, ssa.OpBand, binary(b, ssa.OpIshl, x, k(b, i32, 8)), k(b, i32, 0xff0000))
		third := binary(b, ssa.OpBand, k(b, i32, 0xff00), binary(b, ssa.OpUshr, x, k(b, i32, 8)))
		low := binary(b, ssa.OpUshr, x, k(b, i32, 24))
		ret(b, binary(b, ssa.OpBor, binary(b, ssa.OpBor, top, second), binary(b, ssa.OpBor, third, low)))
		checkSame(t, f, optimize, append(sampleInputs, []uint64{0x11223344, 0}, []uint64{0xA1B2C3D4, 0}))
		require.Equal(t, 1, countOps(f, ssa.OpBswap), f.Format())
		require.Equal(t, 0, countOps(f, ssa.OpBor), f.Format())
	})
	t.Run("i64", func(t *testing.T) {
		f, b := newFunc(i32, i32)
		x := b.Value1(ssa.OpUextend, i64, f.Entry().Params[0])
		f.Def(x).Aux = 32
		y := binary(b, ssa.OpBor, x, binary(b, ssa.OpIshl, x, k(b, i64, 40)))
		v := ssa.NoValue
		for j := range 8 {
			byteJ := binary(b, ssa.OpBand, y, k(b, i64, 0xff<<(8*j)))
			var moved ssa.Value
			if d := 7 - 2*j; d >= 0 {
				moved = binary(b, ssa.OpIshl, byteJ, k(b, i64, uint64(8*d)))
			} else {
				moved = binary(b, ssa.OpUshr, byteJ, k(b, i64, uint64(-8*d)))
			}
			if v == ssa.NoValue {
				v = moved
			} else {
				v = binary(b, ssa.OpBor, v, moved)
			}
		}
		folded := b.Value1(ssa.OpIreduce, i32, binary(b, ssa.OpBxor, v, binary(b, ssa.OpUshr, v, k(b, i64, 32))))
		ret(b, folded)
		checkSame(t, f, optimize, append(sampleInputs, []uint64{0x11223344, 0}, []uint64{0xA1B2C3D4, 0}))
		require.Equal(t, 1, countOps(f, ssa.OpBswap), f.Format())
	})
	t.Run("others stay", func(t *testing.T) {
		f, b := newFunc(i32, i32)
		x, y := f.Entry().Params[0], f.Entry().Params[1]
		// a rotation by a byte: a permutation, not the reversal
		rot := binary(b, ssa.OpBor, binary(b, ssa.OpIshl, x, k(b, i32, 8)), binary(b, ssa.OpUshr, x, k(b, i32, 24)))
		// the reversal's bytes taken from two values
		top := binary(b, ssa.OpIshl, x, k(b, i32, 24))
		second := binary(b, ssa.OpBand, binary(b, ssa.OpIshl, y, k(b, i32, 8)), k(b, i32, 0xff0000))
		third := binary(b, ssa.OpBand, binary(b, ssa.OpUshr, x, k(b, i32, 8)), k(b, i32, 0xff00))
		low := binary(b, ssa.OpUshr, x, k(b, i32, 24))
		mixed := binary(b, ssa.OpBor, binary(b, ssa.OpBor, top, second), binary(b, ssa.OpBor, third, low))
		// three bytes reversed, one missing
		partial := binary(b, ssa.OpBor, binary(b, ssa.OpBor, top, third), low)
		ret(b, binary(b, ssa.OpIadd, binary(b, ssa.OpIadd, rot, mixed), partial))
		checkSame(t, f, optimize, sampleInputs)
		require.Equal(t, 0, countOps(f, ssa.OpBswap), f.Format())
	})
}
