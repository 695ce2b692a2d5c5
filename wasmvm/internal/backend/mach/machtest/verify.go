// Package machtest holds test helpers shared by the backends that emit
// mach's instructions (amd64, arm64): checks that need a backend's
// unexported target but are otherwise the same for every architecture.
package machtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// VerifySuiteAllocations follows the values of every function of the
// benchmark suite (the .wasm files matching glob) through its allocated
// code, as target emits it (mach.Allocation.Verify): every operand must
// find its value where the allocation says, on every path, jump threading
// included.
func VerifySuiteAllocations(t *testing.T, target *mach.Target, glob string) {
	t.Helper()
	files, err := filepath.Glob(glob)
	require.NoError(t, err)
	require.NotEmpty(t, files, "no modules match %s", glob)
	for _, file := range files {
		verifyFile(t, target, file)
	}
}

// verifyFile checks the allocation of every function of the module in
// file with mach.Allocation.Verify.
func verifyFile(t *testing.T, target *mach.Target, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	m, err := binary.Decode(b)
	require.NoError(t, err, file)
	require.NoError(t, wasm.Validate(m, wasm.Features{}), file)
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
		return a.Verify(target)
	}), file)
}
