package opt

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	wasmbinary "github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

var modulesDir = flag.String("modules", "../../../bench/suite", "directory of the .wasm modules TestModules optimizes")

// passStats is what the passes did to one module.
type passStats struct {
	before, after     int // instructions, constants not counted
	accesses, marked  int // loads and stores, and those marked in bounds
	inlinable, inline int // inlinable functions, and direct calls to them
}

// TestModules runs the passes over every function of real modules (the
// benchmark suite's, or -modules DIR's) and checks that each result
// verifies and is in SSA form, that folding, numbering and motion never add instructions,
// and that some accesses are found in bounds; with -v it prints the
// figures docs/PERFORMANCE.md quotes.
func TestModules(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(*modulesDir, "*.wasm"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no modules in %s", *modulesDir)
	var total passStats
	for _, path := range files {
		s := moduleStats(t, path)
		t.Logf("%-28s instructions %6d -> %6d, accesses in bounds %5d of %5d, inlinable %3d, call sites %3d",
			filepath.Base(path), s.before, s.after, s.marked, s.accesses, s.inlinable, s.inline)
		total.before, total.after = total.before+s.before, total.after+s.after
		total.accesses, total.marked = total.accesses+s.accesses, total.marked+s.marked
		total.inlinable, total.inline = total.inlinable+s.inlinable, total.inline+s.inline
	}
	t.Logf("%-28s instructions %6d -> %6d (%.1f%%), accesses in bounds %5d of %5d (%.0f%%), inlinable %3d, call sites %3d",
		"total", total.before, total.after, 100*float64(total.after-total.before)/float64(total.before),
		total.marked, total.accesses, 100*float64(total.marked)/float64(total.accesses), total.inlinable, total.inline)
	require.Positive(t, total.marked)
}

func moduleStats(t *testing.T, path string) passStats {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	m, err := wasmbinary.Decode(data)
	require.NoError(t, err)
	var s passStats
	inlinable := map[uint32]bool{}
	for i := range m.Codes {
		idx := m.NumImportedFuncs + uint32(i)
		plain, err := frontend.Translate(m, idx)
		require.NoError(t, err)
		RemoveTrivialParams(plain)
		DeadCode(plain)
		f, err := frontend.Translate(m, idx)
		require.NoError(t, err)
		require.NoError(t, Optimize(f), "%s: function %d", path, idx)
		checkDominance(t, f)
		before, after := countNonConstant(plain), countNonConstant(f)
		require.LessOrEqual(t, after, before, "%s: function %d grew", path, idx)
		s.before, s.after = s.before+before, s.after+after
		if Inlinable(f, m.NumImportedFuncs) {
			inlinable[idx] = true
		}
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				if in.Op == ssa.OpLoad || in.Op == ssa.OpStore {
					s.accesses++
					if in.Aux2 == ssa.InBounds {
						s.marked++
					}
				}
			}
		}
	}
	s.inlinable = len(inlinable)
	for i := range m.Codes {
		f, err := frontend.Translate(m, m.NumImportedFuncs+uint32(i))
		require.NoError(t, err)
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				if in.Op == ssa.OpCall && inlinable[in.Aux] {
					s.inline++
				}
			}
		}
	}
	return s
}

func countNonConstant(f *ssa.Func) int {
	n := 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if !isConstant(in.Op) {
				n++
			}
		}
	}
	return n
}
