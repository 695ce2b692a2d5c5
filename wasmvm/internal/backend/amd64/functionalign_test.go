package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestFunctionsStartOnCacheLines checks that every function of a module
// (the imports' stubs aside) starts on a 64-byte boundary, so that a
// function's code falls the same way against fetch windows whatever the
// sizes of the functions before it.
func TestFunctionsStartOnCacheLines(t *testing.T) {
	m, err := binary.Decode(wattest.Assemble(t, wattest.SwitchModule(wattest.SwitchValues(40), -1)))
	require.NoError(t, err)
	obj, err := Compile(m, nil, objfile.GuardRegions)
	require.NoError(t, err)
	require.NotEmpty(t, obj.Functions[m.NumImportedFuncs:])
	for i, f := range obj.Functions[m.NumImportedFuncs:] {
		require.Zero(t, f.Offset%functionAlignment, "function %d at %#x", i, f.Offset)
	}
}
