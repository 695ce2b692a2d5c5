package native

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
)

func frameNames(t *testing.T, err error) []string {
	var trap *runtime.Trap
	require.True(t, errors.As(err, &trap), "%v", err)
	var names []string
	for _, f := range trap.Stack {
		names = append(names, f.Name)
	}
	return names
}

// TestTrapStackTrace checks the WebAssembly stack trace of traps raised by
// a bounds check, a guard-region fault, a division and stack exhaustion.
func TestTrapStackTrace(t *testing.T) {
	b, err := os.ReadFile("testdata/deep.wasm")
	require.NoError(t, err)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})

		_, err = inst.Call(inst.Exports["outer"].Func, []uint64{0})
		require.ErrorContains(t, err, "out of bounds memory access")
		// inner and div are small leaves, inlined into their callers
		// (opt.Inline): their traps are reported in the callers' frames.
		require.Equal(t, []string{"middle", "outer"}, frameNames(t, err), mode.String())

		_, err = inst.Call(inst.Exports["calls_div"].Func, nil)
		require.ErrorContains(t, err, "integer divide by zero")
		require.Equal(t, []string{"calls_div"}, frameNames(t, err))

		_, err = inst.Call(inst.Exports["recurse"].Func, nil)
		require.ErrorContains(t, err, "call stack exhausted")
		var trap *runtime.Trap
		require.True(t, errors.As(err, &trap))
		require.Len(t, trap.Stack, 1, "the recursion is one line")
		require.Equal(t, "recurse", trap.Stack[0].Name)
		require.Greater(t, trap.Stack[0].Repeat, 1000)
		require.Regexp(t, `^  at test.recurse \(function\[5\]\) ×\d+\n$`, trap.StackString())
	}
}
