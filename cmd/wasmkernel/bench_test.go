package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// tinyBench is a C benchmark of a few milliseconds.
const tinyBench = `#include <stdio.h>
#include <stdint.h>
#include "bench.h"

int main(void) {
	bench_start();
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < 3000000; i++) {
		h = (h ^ (i & 0xff)) * 16777619u;
	}
	bench_end();
	printf("%u\n", h);
	return 0;
}
`

// writeTinyBench writes tinyBench and the suite's bench.h into a
// temporary directory and returns the source's path.
func writeTinyBench(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	header, err := os.ReadFile("../../bench/suite/bench.h")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench.h"), header, 0o644))
	src := filepath.Join(dir, "tiny.c")
	require.NoError(t, os.WriteFile(src, []byte(tinyBench), 0o644))
	return src
}

// TestBenchSIMD measures a vectorizable C benchmark (bench/testdata/vecmul.c) built with --simd
// (-msimd128 against a native SSE4.1 build on amd64), compiled by
// wasmkernel for this CPU and for the baseline, against the native build.
func TestBenchSIMD(t *testing.T) {
	src := writeTinyBench(t)
	loop, err := os.ReadFile("../../bench/testdata/vecmul.c")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(src, loop, 0o644))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	code, stdout, stderr := runCLI("bench", "--simd", "--runs", "1", "--cpu", "host,baseline", "--baseline", "native", src)
	require.Equal(t, 0, code, stderr)
	t.Log(stdout)
	require.Regexp(t, `\s+benchmark\s+wasmkernel\s+wasmkernel-baseline\s+native\s+wasmkernel/wasmkernel-baseline\s+wasmkernel/native`, stdout)
	require.Regexp(t, `\n\s+tiny-simd\s+\S+ ±\S+\s+\S+ ±\S+\s+\S+ ±\S+\s+\d+\.\d\d\s+\d+\.\d\d`, stdout, "tiny-simd on three engines, two ratios")
	require.NotContains(t, stdout, "failed")
	code, _, stderr = runCLI("bench", "--cpu", "i386", src)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `--cpu "i386": want host, baseline or x86-64-v3`)
}

// TestBenchCommand measures a C benchmark (built here to wasm32-wasi and
// natively) and a Sightglass module against the native build and wazero,
// and checks the tables, the ratios and the plot.
func TestBenchCommand(t *testing.T) {
	src := writeTinyBench(t)
	module := filepath.Join(sightglassDir, "shootout", "shootout-ackermann.wasm")
	plot := filepath.Join(filepath.Dir(src), "ratios.svg")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())

	code, stdout, stderr := runCLI("bench", "--runs", "2", "--baseline", "native,wazero", "--plot", plot, src, module)
	require.Equal(t, 0, code, stderr)
	t.Log(stdout)
	require.Regexp(t, `time between bench.start and bench.end \(median of 2 runs`, stdout)
	require.Regexp(t, `\n\s+tiny\s+\S+ ±\S+\s+\S+ ±\S+\s+\S+ ±\S+\s+\d+\.\d\d\s+\d+\.\d\d`, stdout, "tiny has all three engines and two ratios")
	require.Regexp(t, `\n\s+shootout-ackermann\s+\S+ ±\S+\s+-\s+\S+ ±\S+\s+-\s+\d+\.\d\d`, stdout, "a module has no native build")
	require.Regexp(t, `geometric mean\s+\d+\.\d\d\s+\d+\.\d\d`, stdout)
	require.NotContains(t, stdout, "failed")
	require.Contains(t, stdout, "compile throughput")
	svg, err := os.ReadFile(plot)
	require.NoError(t, err)
	require.Contains(t, string(svg), "<svg")

	code, _, stderr = runCLI("bench", "--baseline", "nonsense", src)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "unknown baseline")
}

// TestBenchSuiteMatchesNative runs the C benchmarks of bench/suite on
// wasmkernel and natively and requires the same output: each prints
// checksums of its work, which makes the suite a compiler test (it found
// a register-allocation miscompile that every other test missed). -short
// runs five of them.
func TestBenchSuiteMatchesNative(t *testing.T) {
	sources, err := filepath.Glob("../../bench/suite/*.c")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(sources), 12)
	if testing.Short() {
		sources = nil
		for _, name := range []string{"sieve", "crc32", "nqueens", "sort", "calls"} {
			sources = append(sources, filepath.Join("../../bench/suite", name+".c"))
		}
	}
	args := append([]string{"bench", "--runs", "1", "--baseline", "native"}, sources...)
	code, stdout, stderr := runCLI(args...)
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stdout, "failed")
	require.Contains(t, stdout, "geometric mean")
	t.Log(stdout)
}

// TestBenchSuiteOptLevels runs the suite built at other optimization
// levels than -O2 (bench --opt) against native builds at the same level:
// the same programs in other shapes of code (-O1 keeps more locals in
// memory and fewer loops rotated, -O3 unrolls and inlines more, -Os and
// -Oz call more), which the compiler must run to the same output. -short
// takes two programs at two levels; the whole suite at four levels takes
// a few minutes. -O0 is left out: calls.c's deepest recursion overflows
// the 64 KiB stack clang gives a wasm32-wasi program there, on every
// engine.
func TestBenchSuiteOptLevels(t *testing.T) {
	sources, err := filepath.Glob("../../bench/suite/*.c")
	require.NoError(t, err)
	levels := []string{"1", "3", "s", "z"}
	if testing.Short() {
		sources = []string{"../../bench/suite/sort.c", "../../bench/suite/sha256.c"}
		levels = []string{"1", "z"}
	}
	for _, level := range levels {
		t.Run("O"+level, func(t *testing.T) {
			args := append([]string{"bench", "--runs", "1", "--baseline", "native", "--opt", level}, sources...)
			code, stdout, stderr := runCLI(args...)
			require.Equal(t, 0, code, stderr)
			require.NotContains(t, stdout, "failed")
			require.Contains(t, stdout, "-O"+level+" ")
			require.Contains(t, stdout, "geometric mean")
			t.Log(stdout)
		})
	}
	code, _, stderr := runCLI("bench", "--opt", "4", sources[0])
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want 0, 1, 2, 3, s or z")
}

// TestBenchInKernel measures a C benchmark and a Sightglass module as
// apps of the kernel in QEMU (microvm), against wazero, with the region
// timed by the kernel and the output checked.
func TestBenchInKernel(t *testing.T) {
	src := writeTinyBench(t)
	module := filepath.Join(sightglassDir, "shootout", "shootout-ackermann.wasm")

	code, stdout, stderr := runCLI("bench", "--machine", "microvm", "--runs", "1", "--baseline", "native,wazero", src, module)
	require.Equal(t, 0, code, stderr)
	t.Log(stdout)
	require.Regexp(t, `wasmkernel-microvm-(tcg|kvm)/native`, stdout)
	require.Regexp(t, `\n\s+tiny\s+\S+ ±\S+\s+\S+ ±\S+\s+\S+ ±\S+\s+\d+\.\d\d\s+\d+\.\d\d`, stdout)
	require.NotContains(t, stdout, "failed")

	code, _, stderr = runCLI("bench", "--machine", "nowhere", src)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want host, microvm, q35 or virt")
}

// TestBenchVsLinux compares the kernel with the Linux guest on the same
// QEMU settings on one small workload: the three ways to run it must
// print the same line, and every table has the three columns and two
// ratios. On microvm, and (not with -short) on arm64's virt.
func TestBenchVsLinux(t *testing.T) {
	machines := [][]string{{"--machine", "microvm"}, {"--arch", "arm64", "--machine", "virt"}}
	if testing.Short() {
		machines = machines[:1]
	}
	for _, m := range machines {
		machine := m[len(m)-1]
		code, stdout, stderr := runCLI(append(append([]string{"bench"}, m...), "--vs", "linux", "--runs", "1", "../../bench/syscalls/hello.c")...)
		require.Equal(t, 0, code, stderr)
		t.Log(stdout)
		require.Regexp(t, `wasmkernel-`+machine+`-(tcg|kvm)/linux-native\s+wasmkernel-`+machine+`-(tcg|kvm)/linux-wasmkernel`, stdout)
		for _, title := range []string{"time between bench.start and bench.end", "whole run", "boot: QEMU start to the app's entry",
			"QEMU start to the app's first output", "guest memory in use at the peak", "image size"} {
			require.Regexp(t, regexp.QuoteMeta(title)+`.*\n.*\n\s+hello(\s+\S+ ±\S+){3}\s+\d+\.\d\d\s+\d+\.\d\d\s*\n`, stdout, title)
		}
		require.NotContains(t, stdout, "failed")
	}

	code, _, stderr := runCLI("bench", "--vs", "linux", "../../bench/syscalls/hello.c")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "need --machine microvm, q35 or virt")
	other := map[string]string{"amd64": "arm64", "arm64": "amd64"}[runtime.GOARCH]
	code, _, stderr = runCLI("bench", "--arch", other, "../../bench/syscalls/hello.c")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--machine host is this "+runtime.GOARCH+" machine")
	code, _, stderr = runCLI("bench", "--arch", "arm64", "--machine", "microvm", "../../bench/syscalls/hello.c")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "machine microvm is not an arm64 machine")
	code, _, stderr = runCLI("bench", "--machine", "microvm", "--vs", "bsd", "../../bench/syscalls/hello.c")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want linux")
}
