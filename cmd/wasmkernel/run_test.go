package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunMatchesNativeBuild runs the demo C program compiled to wasm32-wasi
// with our compiler and compares its output with the same source built
// natively by clang.
func TestRunMatchesNativeBuild(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hello")
	out, err := exec.Command("clang", "-O2", "-o", bin, "../../examples/hello/hello.c").CombinedOutput()
	require.NoError(t, err, "clang (Debian packages clang, libc6-dev): %s", out)
	cmd := exec.Command(bin, "one", "two words")
	cmd.Env = append(os.Environ(), "WHO=tester")
	want, err := cmd.Output()
	require.NoError(t, err)

	code, got, stderr := runCLI("run", "--machine", "host", "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, string(want), got)
}

func TestRunExitCodeAndErrors(t *testing.T) {
	dir := t.TempDir()
	// (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
	//   (memory (export "memory") 1) (func (export "_start") (call 0 (i32.const 7))))
	exit7 := []byte("\x00asm\x01\x00\x00\x00\x01\x08\x02\x60\x01\x7f\x00\x60\x00\x00\x02\x24\x01\x16wasi_snapshot_preview1" +
		"\x09proc_exit\x00\x00\x03\x02\x01\x01\x05\x03\x01\x00\x01\x07\x13\x02\x06memory\x02\x00\x06_start\x00\x01" +
		"\x0a\x08\x01\x06\x00\x41\x07\x10\x00\x0b")
	p := filepath.Join(dir, "exit7.wasm")
	require.NoError(t, os.WriteFile(p, exit7, 0o644))
	code, _, stderr := runCLI("run", "--machine", "host", p)
	require.Equal(t, 7, code, stderr)

	// (module (func (export "_start") unreachable))
	trapping := []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x07\x0a\x01\x06_start\x00\x00" +
		"\x0a\x05\x01\x03\x00\x00\x0b")
	tp := filepath.Join(dir, "trap.wasm")
	require.NoError(t, os.WriteFile(tp, trapping, 0o644))
	code, _, stderr = runCLI("run", "--machine", "host", tp)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "wasm trap: unreachable\n  at app.function[0]")

	code, _, stderr = runCLI("run", "--machine", "pc", p)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `unknown machine "pc"`)
	code, _, stderr = runCLI("run", "--machine", "microvm", "--dir", filepath.Join(dir, "missing"), p)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "missing is not a directory")
	code, _, stderr = runCLI("run", "--memory", "12M", p)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "at least 64 MiB")
	code, _, stderr = runCLI("run", "--machine", "host", "--env", "NOEQUALS", p)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want KEY=VALUE")
}

// TestRunGoProgram builds examples/gowasi for wasip1 and for this machine
// and checks that both print the same and exit with the same status.
func TestRunGoProgram(t *testing.T) {
	wasmPath := buildGoExample(t, "gowasi", "gowasi.wasm", "GOOS=wasip1", "GOARCH=wasm")
	nativePath := buildGoExample(t, "gowasi", "gowasi")
	want, err := exec.Command(nativePath, "x", "y").Output()
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	require.Equal(t, 3, exitErr.ExitCode())

	code, got, stderr := runCLI("run", "--machine", "host", wasmPath, "x", "y")
	require.Equal(t, 3, code, stderr)
	require.Equal(t, string(want), got)
}

func TestRunTimeout(t *testing.T) {
	// (module (func (export "_start") (loop (br 0))))
	spin := []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x07\x0a\x01\x06_start\x00\x00" +
		"\x0a\x09\x01\x07\x00\x03\x40\x0c\x00\x0b\x0b")
	p := filepath.Join(t.TempDir(), "spin.wasm")
	require.NoError(t, os.WriteFile(p, spin, 0o644))
	// In its own process: a spinning guest keeps a Go garbage collection
	// from stopping the world (native code has no safe point yet).
	code, _, stderr := runCLIProcess(t, time.Minute, "run", "--machine", "host", "--timeout", "100ms", p)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "wasm trap: interrupted")
}
