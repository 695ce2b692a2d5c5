package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompileAndInspectNative(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hello.wkn")
	code, stdout, stderr := runCLI("compile", "-o", out, "../../examples/hello/hello.wasm")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "amd64, 33 functions")
	code, stdout, stderr = runCLI("inspect", out)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "native module")
	require.Contains(t, stdout, "sha256 3c8e4b5d")

	// Cross-compiled for arm64 on this host, and disassembled.
	arm := filepath.Join(t.TempDir(), "hello.arm64.wkn")
	code, stdout, stderr = runCLI("compile", "-target", "arm64", "-o", arm, "../../examples/hello/hello.wasm")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "arm64, 33 functions")
	code, stdout, stderr = runCLI("inspect", "-disasm", "32", arm)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "ret")

	// A damaged native module is refused.
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	b[len(b)/2] ^= 0xFF
	require.NoError(t, os.WriteFile(out, b, 0o644))
	code, _, stderr = runCLI("inspect", out)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "corrupt native module: checksum mismatch")
}

func TestCompileErrors(t *testing.T) {
	code, _, stderr := runCLI("compile", "-target", "sparc", "../../examples/hello/hello.wasm")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `unknown target architecture "sparc"`)
	code, _, stderr = runCLI("compile")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want exactly one module file")
}
