package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// i64x2AddModule is (func (param v128 v128) (result v128) (i64x2.add
// (local.get 0) (local.get 1))).
const i64x2AddModule = "\x00asm\x01\x00\x00\x00\x01\x07\x01\x60\x02\x7b\x7b\x01\x7b\x03\x02\x01\x00" +
	"\x0a\x0b\x01\x09\x00\x20\x00\x20\x01\xfd\xce\x01\x0b"

// TestCompileCPU checks -cpu: baseline code needs no AVX, x86-64-v3 code
// records it, and names that do not fit the target are refused.
func TestCompileCPU(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "add.wasm")
	require.NoError(t, os.WriteFile(in, []byte(i64x2AddModule), 0o644))
	for _, tc := range []struct{ cpu, want string }{
		{"baseline", "CPU features SSE4.1 POPCNT LZCNT\n"},
		{"x86-64-v3", "CPU features SSE4.1 POPCNT LZCNT AVX\n"},
	} {
		out := filepath.Join(dir, tc.cpu+".wkn")
		code, stdout, stderr := runCLI("compile", "-target", "amd64", "-cpu", tc.cpu, "-o", out, in)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, tc.want)
		code, stdout, stderr = runCLI("inspect", out)
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stdout, "("+strings.TrimPrefix(strings.TrimSpace(tc.want), "CPU features ")+")")
		// x86asm decodes the SSE code, objdump the VEX code.
		code, stdout, stderr = runCLI("inspect", "-disasm", "0", out)
		require.Equal(t, 0, code, stderr)
		add := map[string]string{"baseline": "paddq xmm", "x86-64-v3": "vpaddq xmm"}[tc.cpu]
		require.Contains(t, stdout, add)
	}
	code, _, stderr := runCLI("compile", "-target", "amd64", "-cpu", "pentium", in)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `unknown cpu "pentium" for amd64 (want baseline, host or x86-64-v3)`)
	code, _, stderr = runCLI("compile", "-target", "arm64", "-cpu", "x86-64-v3", in)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `unknown cpu "x86-64-v3" for arm64`)
	other := "arm64"
	if runtime.GOARCH == "arm64" {
		other = "amd64"
	}
	code, _, stderr = runCLI("compile", "-target", other, "-cpu", "host", in)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "cpu host: this machine is not "+other)
}
