package amd64

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// TestAllocationsVerify follows the values of every function of the
// benchmark suite through its allocated code, as this backend emits it
// (mach.Allocation.Verify): every operand must find its value where the
// allocation says, on every path, jump threading included.
func TestAllocationsVerify(t *testing.T) {
	files, err := filepath.Glob("../../../../bench/suite/*.wasm")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		m, err := binary.Decode(b)
		require.NoError(t, err)
		require.NoError(t, wasm.Validate(m, wasm.Features{}), file)
		require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
			return a.Verify(target)
		}), file)
	}
}
