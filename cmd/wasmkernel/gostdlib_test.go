package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoStdlibTests runs Go's own standard-library tests, built for
// GOOS=wasip1, through `wasmkernel run --machine host` with
// scripts/go_wasip1_exec, as a Go developer would:
//
//	GOOS=wasip1 GOARCH=wasm go test -exec scripts/go_wasip1_exec PACKAGES
//
// -short runs the quicker packages; the full run has every package the
// WASI issue names (time alone takes about two minutes).
func TestGoStdlibTests(t *testing.T) {
	pkgs := []string{"sort", "io/fs", "path/filepath", "os"}
	if !testing.Short() {
		pkgs = []string{"strings", "sort", "encoding/json", "os", "io/fs", "path/filepath", "time"}
	}
	execScript, err := filepath.Abs("../../scripts/go_wasip1_exec")
	require.NoError(t, err)
	args := append([]string{"test", "-count=1", "-exec", execScript}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = t.TempDir() // outside the module: standard-library packages only
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm",
		"WASMKERNEL="+os.Args[0], "WASMKERNEL_TEST_CLI=1", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	passed := 0
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "ok ") {
			passed++
		}
	}
	t.Logf("go stdlib tests on wasip1 (wasmkernel run --machine host): %d of %d packages pass", passed, len(pkgs))
	require.NoError(t, err, "%s", out)
	require.Equal(t, len(pkgs), passed, "%s", out)
}
