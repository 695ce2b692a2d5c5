package mach

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// TestHasTailCallsFromValidation checks that HasTailCalls gives the same
// answer from what wasm.Validate recorded as from decoding the bodies,
// for a module with tail calls and one without.
func TestHasTailCallsFromValidation(t *testing.T) {
	for file, want := range map[string]bool{
		"../amd64/testdata/outgoing.wasm":      false,
		"../amd64/testdata/outgoing-tail.wasm": true,
	} {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		m, err := binary.Decode(b)
		require.NoError(t, err)
		decoded, err := HasTailCalls(m)
		require.NoError(t, err)
		require.Equal(t, want, decoded, "%s decoded", file)

		require.NoError(t, wasm.Validate(m, wasm.Features{TailCall: true}))
		require.True(t, m.BodiesValidated, file)
		require.Equal(t, want, m.TailCalls, "%s validated", file)
		recorded, err := HasTailCalls(m)
		require.NoError(t, err)
		require.Equal(t, want, recorded, "%s recorded", file)
	}
}
