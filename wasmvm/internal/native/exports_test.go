package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
)

// exportCaller returns a function that calls inst's export name with
// args and returns its first result, failing t on an error.
func exportCaller(t *testing.T, inst *runtime.Instance) func(name string, args ...uint64) uint64 {
	return func(name string, args ...uint64) uint64 {
		t.Helper()
		res, err := inst.Call(inst.Exports[name].Func, args)
		require.NoError(t, err, name)
		return res[0]
	}
}
