package opt

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestZeroByteWordsCompareBytes checks that the vector loops of the word
// scans testing HASZERO(w) (wordzero: strlen's; wordchr: strchr's, of
// w ^ c*0x01010101) compare bytes with zero instead of computing the
// test lane-wise: no i32x4 additions or subtractions, one byte-lane
// comparison per test (wordchr, strchrnul's loop, has two: the byte
// and the end). TestVectorizeExits checks what they compute.
func TestZeroByteWordsCompareBytes(t *testing.T) {
	m := assembleScan(t)
	for name, tests := range map[string]int{"wordzero": 1, "wordchr": 2} {
		f := translateExport(t, m, name)
		require.Equal(t, 1, VectorizeExits(f))
		byteCompares := 0
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				switch {
				case in.Op == ssa.OpVicmp && ssa.Shape(in.Aux) == ssa.ShapeI8x16:
					byteCompares++
				case in.Op == ssa.OpVadd || in.Op == ssa.OpVsub:
					t.Errorf("%s: lane-wise arithmetic left: %s", name, f.Format())
				}
			}
		}
		require.Equal(t, tests, byteCompares, "%s: %s", name, f.Format())
	}
}
