package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/internal/wasitestsuite"
)

// wasiTestsuiteFloor is the number of suite programs that must pass: it
// only goes up as WASI grows (all 72 pass).
const wasiTestsuiteFloor = 72

// TestMain lets the test binary act as the wasmkernel command when
// WASMKERNEL_TEST_CLI is set, so that tests can run it as a process.
func TestMain(m *testing.M) {
	if os.Getenv("WASMKERNEL_TEST_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runCLIProcess runs the command in a child process with a time limit (a
// runaway guest cannot be stopped inside this process yet); a program
// killed by the limit reports exit code -1.
func runCLIProcess(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WASMKERNEL_TEST_CLI=1")
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	default:
		t.Fatalf("run %v: %v", args, err)
	}
	return code, o.String(), e.String()
}

// TestWASITestsuite runs every program of the WASI test suite as its README
// says (arguments, environment, expected exit code and output from the
// program's JSON file) natively in this process.
func TestWASITestsuite(t *testing.T) {
	runWASITestsuite(t, []string{"--machine", "host"}, "wasi-testsuite", 20*time.Second)
}

// TestWASITestsuiteInKernel runs the suite inside the kernel: one boot of
// microvm per program, its directory copied into the RAM file system.
func TestWASITestsuiteInKernel(t *testing.T) {
	runWASITestsuite(t, []string{"--machine", "microvm"}, "wasi-testsuite in the kernel", 2*time.Minute)
}

// TestWASITestsuiteInKernelArm64 runs it in the arm64 kernel on QEMU virt.
func TestWASITestsuiteInKernelArm64(t *testing.T) {
	runWASITestsuite(t, []string{"--arch", "arm64", "--machine", "virt"}, "wasi-testsuite in the arm64 kernel", 2*time.Minute)
}

func runWASITestsuite(t *testing.T, machine []string, title string, limit time.Duration) {
	dir, err := wasitestsuite.Locate()
	require.NoError(t, err)
	cases, err := wasitestsuite.Load(dir)
	require.NoError(t, err)
	passed := 0
	var failures []string
	for _, c := range cases {
		args := append([]string{"run"}, machine...)
		for _, kv := range c.Env {
			args = append(args, "--env", kv)
		}
		if c.Root != "" {
			// Each program gets a fresh copy of its directory as "/".
			fresh := filepath.Join(t.TempDir(), "root")
			require.NoError(t, os.CopyFS(fresh, os.DirFS(c.Root)))
			args = append(args, "--dir", fresh+"::/")
		}
		args = append(append(args, c.Program), c.Args...)
		code, stdout, stderr := runCLIProcess(t, limit, args...)
		if ok, why := c.Check(code, stdout, stderr); ok {
			passed++
		} else {
			failures = append(failures, why)
		}
	}
	fmt.Printf("%s: %d passed, %d failed\n", title, passed, len(cases)-passed)
	t.Logf("failing:\n%s", strings.Join(failures, "\n"))
	require.GreaterOrEqual(t, passed, wasiTestsuiteFloor)
}
