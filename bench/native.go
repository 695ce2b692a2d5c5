package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Native runs the native build of a benchmark as a process; its bench.h
// writes the region time to the file named by WASMKERNEL_BENCH_OUT.
type Native struct{}

// Name implements Engine.
func (Native) Name() string { return "native" }

// Run implements Engine.
func (Native) Run(b *Benchmark, dir string) (Sample, []byte, error) {
	if b.Native == "" {
		return Sample{}, nil, ErrSkip
	}
	return runNativeProgram(b.Native, dir)
}

// runNativeProgram runs a native build of a benchmark in dir and returns
// the region time it reported, the whole run's time and its output.
func runNativeProgram(path, dir string) (Sample, []byte, error) {
	out := filepath.Join(dir, ".wasmkernel-bench-region")
	cmd := exec.Command(path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WASMKERNEL_BENCH_OUT="+out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		return Sample{}, nil, fmt.Errorf("%s: %w (stderr %q)", path, err, clip(stderr.Bytes()))
	}
	region, err := readRegion(out)
	if err != nil {
		return Sample{}, nil, err
	}
	return Sample{Region: region, Wall: wall}, stdout.Bytes(), nil
}

// readRegion reads the one "region_ns N" line a native run writes.
func readRegion(path string) (time.Duration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("the native build did not report its region (bench_start/bench_end of bench.h): %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 1 {
		return 0, fmt.Errorf("the native build reported %d regions; want one", len(lines))
	}
	ns, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "region_ns "), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad region report %q", lines[0])
	}
	return time.Duration(ns), nil
}
