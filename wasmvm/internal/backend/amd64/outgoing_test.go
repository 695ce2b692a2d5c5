package amd64

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// outgoingWords prepares the module in file and returns the outgoing area
// of each module-defined function, in words.
func outgoingWords(t *testing.T, file string) []int {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{TailCall: true}))
	var words []int
	require.NoError(t, mach.PrepareModule(m, target, func(a *mach.Allocation) error {
		words = append(words, a.Outgoing)
		return nil
	}))
	return words
}

// TestOutgoingArea checks that only calls whose callee may tail-call
// reserve MinArgArea words: in a module without tail calls, a direct call
// of the module's own function reserves what its arguments and results
// take; calls of imports and through tables, and every call in a module
// with tail calls, reserve the minimum.
func TestOutgoingArea(t *testing.T) {
	// g, direct, imported, indirect
	require.Equal(t, []int{1, 1, MinArgArea, MinArgArea}, outgoingWords(t, "testdata/outgoing.wasm"))
	// ... and tail, which reuses its caller's area
	require.Equal(t, []int{MinArgArea, MinArgArea, MinArgArea, MinArgArea, 0}, outgoingWords(t, "testdata/outgoing-tail.wasm"))
}
