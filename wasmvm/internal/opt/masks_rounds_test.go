package opt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	wasmbinary "github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// TestMayHaveBitsSkipsTheSettledRound checks, on every optimized function
// of the suite's modules, that mayHaveBits, which stops when no block
// parameter would gain bits, returns what passes repeated until one
// changes nothing return (fullRoundBits), nil included.
func TestMayHaveBitsSkipsTheSettledRound(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(*modulesDir, "*.wasm"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	compared := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		m, err := wasmbinary.Decode(data)
		require.NoError(t, err)
		for i := range m.Codes {
			idx := m.NumImportedFuncs + uint32(i)
			f, err := frontend.Translate(m, idx)
			require.NoError(t, err)
			require.NoError(t, Optimize(f))
			require.Equal(t, fullRoundBits(f), mayHaveBits(f), "%s: function %d", path, idx)
			compared++
		}
	}
	t.Logf("%d functions compared", compared)
}

// fullRoundBits is mayHaveBits as it was before it skipped the last
// pass: passes until one changes nothing, or nil after maxBitsRounds.
func fullRoundBits(f *ssa.Func) []uint64 {
	bits := make([]uint64, f.NumValues())
	incoming := incomingEdges(f)
	order := reversePostorder(f)
	for range maxBitsRounds {
		changed := false
		grow := func(v ssa.Value, m uint64) {
			m &= widthMask(f.TypeOf(v))
			if m|bits[v] != bits[v] {
				bits[v] |= m
				changed = true
			}
		}
		for _, id := range order {
			b := f.Block(id)
			for i, p := range b.Params {
				grow(p, paramBits(f, id, i, incoming, bits))
			}
			for _, in := range b.Instrs {
				for _, r := range in.Results {
					m := ^uint64(0)
					if len(in.Results) == 1 {
						m = opBits(f, in, bits)
					}
					grow(r, m)
				}
			}
		}
		if !changed {
			return bits
		}
	}
	return nil
}
