package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRunInKernel runs apps inside the kernel in QEMU (TCG): the demo C
// program prints what it prints natively, a program leaving with
// proc_exit passes its code out of the VM, and an out-of-bounds access in
// guard-region memory is reported as a trap with a stack trace while the
// kernel survives to exit with status 121.
func TestRunInKernel(t *testing.T) {
	code, host, stderr := runCLI("run", "--machine", "host", "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
	require.Equal(t, 0, code, stderr)
	for _, machine := range []string{"microvm", "q35"} {
		code, got, stderr := runCLI("run", "--machine", machine, "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
		require.Equal(t, 0, code, stderr)
		require.Equal(t, host, got, machine)
	}

	code, got, stderr := runCLI("run", "--machine", "microvm", "../../examples/trap/trap.wasm")
	require.Equal(t, 121, code, stderr)
	require.Contains(t, got, "about to read out of bounds\n")
	require.Contains(t, got, "wasmkernel: app trap trapped: wasm trap: out of bounds memory access\n  at trap.read_far (function[1])\n  at trap.main (function[2])")
}

// TestRunGoProgramInKernel runs a Go wasip1 program (goroutines, GC,
// timers, crypto/rand, environment, files, exit code 3) inside the kernel,
// with a host directory copied in and the app's changes copied back.
func TestRunGoProgramInKernel(t *testing.T) {
	wasmPath := filepath.Join(t.TempDir(), "gowasi.wasm")
	cmd := exec.Command("go", "build", "-o", wasmPath, ".")
	cmd.Dir = "../../examples/gowasi"
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	data := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(data, "input.txt"), []byte("shout this\n"), 0o644))
	code, got, stderr := runCLI("run", "--machine", "microvm", "--env", "GREETING=hi there", "--dir", data+"::/data", wasmPath, "a", "b")
	require.Equal(t, 3, code, stderr)
	require.Contains(t, got, "hello from Go on wasmkernel [a b]\n")
	require.Contains(t, got, "GC cycles > 0: true\n")
	require.Contains(t, got, "slept >= 20ms: true\n")
	require.Contains(t, got, "GREETING: hi there\n")
	require.Contains(t, got, "files: [input.txt made result.txt]\n")

	result, err := os.ReadFile(filepath.Join(data, "result.txt"))
	require.NoError(t, err, "the app's file is copied back")
	require.Equal(t, "SHOUT THIS\n", string(result))
	note, err := os.ReadFile(filepath.Join(data, "made", "deeper", "note.txt"))
	require.NoError(t, err)
	require.Equal(t, "written in the guest\n", string(note))
	_, err = os.Stat(filepath.Join(data, "out.tmp"))
	require.True(t, os.IsNotExist(err), "renamed away in the guest")

	code, native, stderr := runCLI("run", "--machine", "host", "--env", "GREETING=hi there", "--dir", t.TempDir()+"::/data", wasmPath, "a", "b")
	require.Equal(t, 3, code, stderr)
	require.Contains(t, native, "GREETING: hi there\n")
}
