package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestInspectDemoModule(t *testing.T) {
	code, out, errOut := runCLI("inspect", "../../examples/hello/hello.wasm")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		"imports (9):",
		"wasi_snapshot_preview1.fd_write",
		"(i32, i32, i32, i32) -> (i32)",
		"func    _start",
		"memories (1):",
		"0: min 2 pages, no max",
		"functions: 24 defined, 9 imported",
	} {
		require.Contains(t, out, want)
	}
}

func TestInspectErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "m.wat")
	require.NoError(t, os.WriteFile(text, []byte("(module)\n"), 0o644))
	truncated := filepath.Join(dir, "t.wasm")
	require.NoError(t, os.WriteFile(truncated, []byte("\x00asm\x01\x00\x00\x00\x01\x05\x01"), 0o644))
	invalid := filepath.Join(dir, "i.wasm")
	// (func (result i32)) with an empty body: the result is missing.
	require.NoError(t, os.WriteFile(invalid, []byte("\x00asm\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00\x0a\x04\x01\x02\x00\x0b"), 0o644))

	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"inspect"}, 2, "want exactly one module file"},
		{[]string{"inspect", filepath.Join(dir, "missing.wasm")}, 1, "no such file or directory"},
		{[]string{"inspect", text}, 1, "not a WebAssembly binary module (no \\0asm magic); this looks like the text format"},
		{[]string{"inspect", truncated}, 1, "decode: type section: offset 0xa: section of 5 bytes: unexpected end"},
		{[]string{"inspect", invalid}, 1, "invalid module: function 0: offset 0x18: end: type mismatch: operand stack is empty: expected i32"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
	}
	for _, tc := range tests {
		code, _, errOut := runCLI(tc.args...)
		require.Equal(t, tc.code, code, errOut)
		require.Contains(t, errOut, tc.msg)
	}
}
