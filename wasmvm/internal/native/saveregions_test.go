package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSaveRegionsPreserveCallerRegisters runs a caller that keeps values
// in callee-saved registers across calls of a leaf function that saves
// them only on its long path (mach.Allocation.PlaceSaves), taking both
// paths, and a trap inside the long path: every engine must agree with
// the interpreter, in both memory modes.
func TestSaveRegionsPreserveCallerRegisters(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "saveregion", wattest.SaveRegionModule)
	require.Equal(t, 3, requireEnginesAgree(t, b, 0, wattest.SaveRegionModule))
	ref := runOurs(t, b, interp.Engine{})
	require.True(t, ref["trap"].trapped)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		got := runOurs(t, b, &Engine{Memory: mode})
		for name, want := range ref {
			require.Equal(t, want.String(), got[name].String(), "%s, memory %s", name, mode)
		}
	}
}
