// Package wattest assembles WebAssembly text for tests, with wabt's
// wat2wasm (Debian package wabt, installed by the test dependencies).
package wattest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Assemble returns the binary module of the text module src.
func Assemble(t testing.TB, src string) []byte {
	t.Helper()
	return AssembleIn(t, t.TempDir(), "m", src)
}

// AssembleIn writes src to dir as name.wat, assembles it to name.wasm
// there (both stay for a failing test to point at) and returns the
// binary.
func AssembleIn(t testing.TB, dir, name, src string) []byte {
	t.Helper()
	in := filepath.Join(dir, name+".wat")
	require.NoError(t, os.WriteFile(in, []byte(src), 0o644))
	return AssembleFile(t, in, filepath.Join(dir, name+".wasm"))
}

// AssembleFile assembles the text module in file into out and returns
// the binary.
func AssembleFile(t testing.TB, file, out string) []byte {
	t.Helper()
	msg, err := exec.Command("wat2wasm", file, "-o", out).CombinedOutput()
	require.NoError(t, err, "wat2wasm (Debian package wabt) %s: %s", file, msg)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}
