package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
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
	require.Contains(t, got, "wasmkernel: app trap trapped: wasm trap: out of bounds memory access\n  at trap.main (function[2])")
}

// TestRunGoProgramInKernel runs a Go wasip1 program (goroutines, GC,
// timers, crypto/rand, environment, files, exit code 3) inside the kernel,
// with a host directory copied in and the app's changes copied back.
func TestRunGoProgramInKernel(t *testing.T) {
	wasmPath := buildGoExample(t, "gowasi", "gowasi.wasm", "GOOS=wasip1", "GOARCH=wasm")
	for _, machine := range [][]string{{"--machine", "microvm"}, {"--arch", "arm64", "--machine", "virt"}} {
		t.Run(machine[len(machine)-1], func(t *testing.T) {
			data := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(data, "input.txt"), []byte("shout this\n"), 0o644))
			args := append(append([]string{"run"}, machine...), "--env", "GREETING=hi there", "--dir", data+"::/data", wasmPath, "a", "b")
			code, got, stderr := runCLI(args...)
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
		})
	}

	code, native, stderr := runCLI("run", "--machine", "host", "--env", "GREETING=hi there", "--dir", t.TempDir()+"::/data", wasmPath, "a", "b")
	require.Equal(t, 3, code, stderr)
	require.Contains(t, native, "GREETING: hi there\n")
}

// TestTrapsInKernel boots one image with an app for each kind of trap and
// a well-behaved app last: each trap is reported with its kind and
// WebAssembly stack, the kernel goes on to the next app, and the VM's
// status is that of the first failure.
func TestTrapsInKernel(t *testing.T) {
	var apps []images.AppSpec
	for _, name := range []string{"trap", "unreachable", "divzero", "recursion", "indirect"} {
		apps = append(apps, images.AppSpec{Wasm: "../../examples/trap/" + name + ".wasm"})
	}
	apps = append(apps, images.AppSpec{Wasm: "../../examples/hello/hello.wasm"})
	root, err := moduleRoot()
	require.NoError(t, err)
	img, err := images.Build(context.Background(), root, t.TempDir(), apps, images.DefaultCache())
	require.NoError(t, err)
	res, err := qemu.Run(context.Background(), qemu.Config{Machine: qemu.MicroVM, Kernel: img.Kernel, Initrd: img.Initrd, Timeout: 2 * time.Minute})
	require.NoError(t, err)
	require.Equal(t, 121, res.Status, res.Console)
	console := strings.ReplaceAll(res.Console, "\r\n", "\n")
	// read_far, fail and divide are small leaf functions that the
	// optimizer inlines: a trap in inlined code is reported in its
	// caller's frame.
	for _, want := range []string{
		"wasmkernel: app trap trapped: wasm trap: out of bounds memory access\n  at trap.main (function[2])\n",
		"wasmkernel: app unreachable trapped: wasm trap: unreachable\n  at unreachable.middle (function[1])\n  at unreachable.main (function[2])\n",
		"wasmkernel: app divzero trapped: wasm trap: integer divide by zero\n  at divzero.main (function[1])\n",
		"wasmkernel: app recursion trapped: wasm trap: call stack exhausted\n  at recursion.down (function[0]) ×",
		"wasmkernel: app indirect trapped: wasm trap: indirect call type mismatch\n  at indirect.dispatch (function[1])\n  at indirect.main (function[2])\n",
		"Hello from wasmkernel!\n",
	} {
		require.Contains(t, console, want)
	}
}

// TestStdinInKernel feeds an app's standard input through the serial
// console.
func TestStdinInKernel(t *testing.T) {
	cmd := exec.Command(os.Args[0], "run", "../../examples/echo/echo.wasm")
	cmd.Env = append(os.Environ(), "WASMKERNEL_TEST_CLI=1")
	cmd.Stdin = strings.NewReader("first line\nsecond\nquit\n")
	out, err := cmd.Output()
	require.NoError(t, err)
	require.Equal(t, "FIRST LINE\nSECOND\n2 lines\n", string(out))
}

// TestRunInKernelArm64 runs the same apps in the arm64 kernel, on virt and
// on raspi3b: the same output as natively, the exit status, and the trap
// reported with its stack while the kernel survives (status 121).
func TestRunInKernelArm64(t *testing.T) {
	code, host, stderr := runCLI("run", "--machine", "host", "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
	require.Equal(t, 0, code, stderr)
	for _, machine := range []string{"virt", "raspi3b"} {
		code, got, stderr := runCLI("run", "--arch", "arm64", "--machine", machine, "--env", "WHO=tester", "../../examples/hello/hello.wasm", "one", "two words")
		require.Equal(t, 0, code, stderr)
		require.Equal(t, host, got, machine)
	}

	for _, machine := range []string{"virt", "raspi3b"} {
		code, got, stderr := runCLI("run", "--arch", "arm64", "--machine", machine, "../../examples/trap/trap.wasm")
		require.Equal(t, 121, code, stderr)
		require.Contains(t, got, "about to read out of bounds\n")
		require.Contains(t, got, "wasmkernel: app trap trapped: wasm trap: out of bounds memory access\n  at trap.main (function[2])")
	}

	code, _, stderr = runCLI("run", "--arch", "arm64", "--machine", "microvm", "../../examples/hello/hello.wasm")
	require.Equal(t, 2, code, stderr)
	require.Contains(t, stderr, "not an arm64 machine")
}
