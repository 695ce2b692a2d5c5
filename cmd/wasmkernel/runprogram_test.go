package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRunNativeModuleWithBenchRegion compiles a benchmark ahead of time
// and runs the native module on the host with --bench-region, as the
// Linux guest of `bench --vs linux` does: it prints what the .wasm
// prints, and the region file gets one "region_ns N" line.
func TestRunNativeModuleWithBenchRegion(t *testing.T) {
	dir := t.TempDir()
	wkn := filepath.Join(dir, "smallwrites.wkn")
	code, _, stderr := runCLI("compile", "-memory", "guard", "-o", wkn, "../../bench/syscalls/smallwrites.wasm")
	require.Equal(t, 0, code, stderr)

	region := filepath.Join(dir, "region")
	code, fromWasm, stderr := runCLI("run", "--machine", "host", "--dir", dir+"::/", "--bench-region", region, "../../bench/syscalls/smallwrites.wasm")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "writes 100000 failed 0 size 1600000\n", fromWasm)
	code, fromNative, stderr := runCLI("run", "--machine", "host", "--dir", dir+"::/", "--bench-region", region, wkn)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, fromWasm, fromNative)
	lines, err := os.ReadFile(region)
	require.NoError(t, err)
	require.Regexp(t, regexp.MustCompile(`^region_ns [1-9]\d*\nregion_ns [1-9]\d*\n$`), string(lines), "one line per run")

	code, _, stderr = runCLI("run", "--machine", "host", "../../bench/syscalls/smallwrites.c")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "neither a WebAssembly module nor a native module")
	code, _, stderr = runCLI("run", "--machine", "microvm", "--bench-region", region, wkn)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--bench-region needs --machine host")
}
