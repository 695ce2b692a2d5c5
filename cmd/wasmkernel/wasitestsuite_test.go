package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// wasiTestsuiteDir is the WASI test suite beside the checkout (shared/ of
// the steering repository).
const wasiTestsuiteDir = "../../../shared/wasi-testsuite"

// wasiTestsuiteFloor is the number of suite programs that must pass: it
// only goes up as WASI grows (the target is 70 of 72).
const wasiTestsuiteFloor = 70

type wasiTestConfig struct {
	Args     []string          `json:"args"`
	Env      map[string]string `json:"env"`
	Root     string            `json:"root"`
	ExitCode int               `json:"exit_code"`
	Stdout   *string           `json:"stdout"`
	Stderr   *string           `json:"stderr"`
}

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
// says: arguments, environment, expected exit code and output from the
// program's JSON file.
func TestWASITestsuite(t *testing.T) {
	var programs []string
	for _, lang := range []string{"c", "rust", "assemblyscript"} {
		paths, err := filepath.Glob(filepath.Join(wasiTestsuiteDir, lang, "*.wasm"))
		require.NoError(t, err)
		programs = append(programs, paths...)
	}
	require.NotEmpty(t, programs, "the WASI test suite is missing at %s", wasiTestsuiteDir)
	sort.Strings(programs)
	passed := 0
	var failures []string
	for _, prog := range programs {
		cfg := wasiTestConfig{}
		if b, err := os.ReadFile(strings.TrimSuffix(prog, ".wasm") + ".json"); err == nil {
			require.NoError(t, json.Unmarshal(b, &cfg), prog)
		}
		args := []string{"run"}
		keys := make([]string, 0, len(cfg.Env))
		for k := range cfg.Env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			args = append(args, "--env", k+"="+cfg.Env[k])
		}
		if cfg.Root != "" {
			// Each program gets a fresh copy of its directory as "/".
			fresh := filepath.Join(t.TempDir(), "root")
			require.NoError(t, os.CopyFS(fresh, os.DirFS(filepath.Join(filepath.Dir(prog), cfg.Root))))
			args = append(args, "--dir", fresh+"::/")
		}
		args = append(append(args, prog), cfg.Args...)
		code, stdout, stderr := runCLIProcess(t, 20*time.Second, args...)
		ok := code == cfg.ExitCode &&
			(cfg.Stdout == nil || *cfg.Stdout == stdout) &&
			(cfg.Stderr == nil || *cfg.Stderr == stderr)
		if ok {
			passed++
		} else {
			failures = append(failures, fmt.Sprintf("%s: exit %d (want %d)", filepath.Base(prog), code, cfg.ExitCode))
		}
	}
	fmt.Printf("wasi-testsuite: %d passed, %d failed\n", passed, len(programs)-passed)
	t.Logf("failing:\n%s", strings.Join(failures, "\n"))
	require.GreaterOrEqual(t, passed, wasiTestsuiteFloor)
}
