package opt

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	wasmbinary "github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// scanCase is a function of testdata/scan.wat, f(s, c, n), and what to run
// it on: memory filled with fill but for one byte of triggers (which
// should end its loop) at each position, with the arguments args gives
// for a start address s.
type scanCase struct {
	name      string
	loops     int // loops VectorizeExits should change
	fill      byte
	triggers  []byte
	alphabet  string // bytes for random memory contents
	arguments func(s uint64) [][3]uint64
}

func onlyStart(s uint64) [][3]uint64 { return [][3]uint64{{s, 0, 0}} }

// withCounts runs f(s, c, n) for several n, with c fixed.
func withCounts(c uint64, ns ...uint64) func(uint64) [][3]uint64 {
	return func(s uint64) [][3]uint64 {
		var out [][3]uint64
		for _, n := range ns {
			out = append(out, [3]uint64{s, c, n})
		}
		return out
	}
}

var scanCases = []scanCase{
	{"strlen", 1, 'a', []byte{0}, "ab\x00", onlyStart},
	{"word", 1, 'k', []byte{' ', ',', 0, '/', ':', '@', '[', '`', '{', 0xff}, "aZ09 ,\x00", onlyStart},
	{"memchr", 1, 'x', []byte{'q'}, "xyq", func(s uint64) [][3]uint64 {
		return append(withCounts('q', 0, 1, 7, 16, 17, 33, 100, 1<<20)(s), withCounts('q'+256, 40, 100)(s)...)
	}},
	{"index", 1, 'x', []byte{'q'}, "xq", func(s uint64) [][3]uint64 {
		return append(withCounts('q', 0, 5, 16, 40, 1<<20, 1<<31-1)(s), withCounts('q'+512, 1<<20, 1<<32-1)(s)...)
	}},
	{"wordzero", 1, 'a', []byte{0}, "ab\x00", withCounts(0, 0, 3, 4, 5, 16, 17, 19, 64, 1<<20)},
	{"wordchr", 1, 'a', []byte{'q', 0}, "abq\x00", withCounts('q', 0)},
	{"countdown", 1, 'a', []byte{'\n', 0x80, 0xff}, "ab\n\xf0", withCounts(0, 0, 1, 2, 15, 16, 17, 18, 40, 1<<20)},
	{"wordmask", 1, 0xff, []byte{0, 0x7f}, "\xff\xfe\x00", withCounts(0, 0, 4, 5, 17, 40, 1<<20)},
	{"wordall", 1, 0xff, []byte{0x7f, 0, 0xfd}, "\xff\x80\xfd", onlyStart},
	{"wordfrom", 1, 'k', []byte{' ', 0, '{'}, "aZ09 ,\x00", func(s uint64) [][3]uint64 {
		return [][3]uint64{{s, 'k', 0}, {s, ' ', 0}, {s, '0', 0}}
	}},
	{"upto", 1, 'x', []byte{'q'}, "xq", withCounts('q', 0, 5, 6, 7, 21, 22, 23, 40)},
	{"scattered", 0, 'a', []byte{'e', 'm'}, "abe", onlyStart},
	{"memcmp", 1, 'a', []byte{'b', 0}, "ab", pairArguments(0, 1, 15, 16, 17, 33, 100, 1<<20)},
	{"extend", 1, 'a', []byte{'b'}, "ab", pairArguments(0, 1, 16, 17, 40, 1<<20, 1<<32-1)},
	{"extendne", 1, 'a', []byte{'b'}, "ab", pairArguments(0, 1, 15, 16, 17, 40, 1<<20, 1<<32-1)},
	{"nestedext", 1, 'a', []byte{'b'}, "ab", pairArguments(1, 17, 40, 100)},
	{"nestedscan", 0, 'x', []byte{'q'}, "xq", onlyStart},
	{"wordcmp", 1, 'a', []byte{'b'}, "ab", pairArguments(0, 3, 4, 5, 16, 17, 19, 64, 1<<20)},
	{"mixedcmp", 0, 'a', []byte{'b'}, "ab", pairArguments(0)},
	{"window", 1, 'a', []byte{'q', 0}, "abq\x00", func(s uint64) [][3]uint64 {
		return [][3]uint64{{s, 0x61616171, 0}, {s, 0x71717171, 0}, {s, 0x61716161, 0}, {s, 0x61617161, 0},
			{s, 0x71616161, 0}, {s, 0x61616161, 0}}
	}},
}

// pairArguments runs f(s, c, n) for each n with c another address: far
// from s, and 1, 2 and 5 bytes after s (overlapping streams), so that
// the stop byte at s+pos differs from the byte compared with it.
func pairArguments(ns ...uint64) func(uint64) [][3]uint64 {
	return func(s uint64) [][3]uint64 {
		var out [][3]uint64
		for _, c := range []uint64{s ^ 0x2000, s + 1, s + 2, s + 5} {
			for _, n := range ns {
				out = append(out, [3]uint64{s, c % memSize, n})
			}
		}
		return out
	}
}

// scanStarts are start addresses: aligned and not, and near the memory's
// end, where the vector loop must stop before the scalar loop does.
var scanStarts = []uint64{0, 1, 2, 5, 100, 1000, memSize - 70, memSize - 41, memSize - 20, memSize - 17,
	memSize - 16, memSize - 15, memSize - 4, memSize - 1}

// TestVectorizeExits checks that VectorizeExits changes the scan loops of
// testdata/scan.wat it should, and that each then behaves as before
// (result, trap) with its stop byte at every position 0-40 from many
// starts, with none (the loop runs off the memory's end, or its count
// ends it), and on random memory; and that the vector loop runs.
func TestVectorizeExits(t *testing.T) {
	m := assembleScan(t)
	for _, c := range scanCases {
		t.Run(c.name, func(t *testing.T) {
			scalar, vector := translateExport(t, m, c.name), translateExport(t, m, c.name)
			require.Equal(t, c.loops, VectorizeExits(vector), "%s", vector.Format())
			require.NoError(t, vector.Verify(), vector.Format())
			base := make([]byte, memSize)
			mem := make([]byte, memSize)
			wide := 0
			run := func(args [3]uint64, what string) {
				copy(mem, base)
				want, wantTrap, _, err := evalMem(scalar, args[:], mem)
				require.NoError(t, err)
				copy(mem, base)
				got, gotTrap, w, err := evalMem(vector, args[:], mem)
				require.NoError(t, err)
				wide += w
				require.Equal(t, wantTrap, gotTrap, "%s, args %x", what, args)
				require.Equal(t, want, got, "%s, args %x", what, args)
			}
			for _, s := range scanStarts {
				for i := range base {
					base[i] = c.fill
				}
				for _, args := range c.arguments(s) {
					run(args, "no stop byte")
				}
				for pos := range uint64(41) {
					if s+pos >= memSize {
						break
					}
					for _, b := range c.triggers {
						base[s+pos] = b
						for _, args := range c.arguments(s) {
							run(args, "stop byte at +"+string(rune('0'+pos/10))+string(rune('0'+pos%10)))
						}
						base[s+pos] = c.fill
					}
				}
			}
			rng := rand.New(rand.NewPCG(7, uint64(len(c.name))))
			for range 300 {
				for i := range base {
					base[i] = c.fill
					if rng.IntN(24) == 0 {
						base[i] = c.alphabet[rng.IntN(len(c.alphabet))]
					}
				}
				s := rng.Uint64N(memSize)
				if rng.IntN(4) == 0 {
					s = memSize - 1 - rng.Uint64N(64)
				}
				for _, args := range c.arguments(s) {
					run(args, "random memory")
				}
			}
			if c.loops > 0 {
				require.Positive(t, wide, "the vector loop never ran")
			}
		})
	}
}

// assembleScan assembles testdata/scan.wat with wabt's wat2wasm.
func assembleScan(t *testing.T) *wasm.Module {
	t.Helper()
	data := wattest.AssembleFile(t, filepath.Join("testdata", "scan.wat"), filepath.Join(t.TempDir(), "scan.wasm"))
	m, err := wasmbinary.Decode(data)
	require.NoError(t, err)
	return m
}

// translateExport translates and optimizes the function exported as name.
func translateExport(t *testing.T, m *wasm.Module, name string) *ssa.Func {
	t.Helper()
	for _, e := range m.Exports {
		if e.Name == name && e.Kind == wasm.ExternFunc {
			f, err := frontend.Translate(m, e.Index)
			require.NoError(t, err)
			require.NoError(t, Optimize(f))
			return f
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}
