// Package bench measures WebAssembly benchmarks on wasmkernel's engine and
// on baselines — the native build of the same C source, wazero's
// optimizing compiler, node's optimizing tier — side by side in one run,
// for `wasmkernel bench`.
//
// A benchmark is a WASI command module that marks its measured region by
// calling the imports bench.start and bench.end (the Sightglass
// convention), or a C source built here both to wasm32-wasi and natively
// with the same clang and flags. Every engine reports the time between the
// marks (the region), the time from instantiation to exit (the whole run)
// and, where it compiles, the compile time apart.
package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Benchmark is one program to measure.
type Benchmark struct {
	Name string
	// Wasm is the WebAssembly module; Native, if set, is the same
	// source built for this machine.
	Wasm, Native string
	// Source is the C source both were built from (FromCBuild) and
	// NativeFlags the clang flags of the native build, for builds for
	// other machines; empty for a module.
	Source      string
	NativeFlags []string
	// Dir holds the files the program reads from its working directory;
	// it is copied for each run, so a program cannot change it.
	Dir string
	// Stdout is the output a correct run prints; nil when unknown.
	Stdout []byte
}

// Sample is what one run measured.
type Sample struct {
	Compile time.Duration // compiling the module (zero for native code)
	// CompileCPU is the CPU time the compilation took on all threads
	// (zero where not measured).
	CompileCPU time.Duration
	Region     time.Duration // between bench.start and bench.end
	Wall       time.Duration // from instantiation (or process start, or boot) to exit
	// Engines that boot a machine also report the time from starting it
	// to the app's entry and to the app's first output, the memory the
	// guest used at its peak and the size of what it boots (zero where
	// an engine does not boot).
	Boot, FirstOutput     time.Duration
	PeakMemory, ImageSize int64
}

// Engine runs benchmarks one way.
type Engine interface {
	// Name is the engine's column title.
	Name() string
	// Run runs b once with dir as its working directory and returns
	// what it measured and what it printed on stdout.
	Run(b *Benchmark, dir string) (Sample, []byte, error)
}

// ErrSkip is returned by engines that cannot run a benchmark (a native
// baseline without a native build).
var ErrSkip = fmt.Errorf("not available")

// workCopy copies b's directory (or makes an empty one) for a run.
func workCopy(b *Benchmark) (string, func(), error) {
	dir, err := os.MkdirTemp("", "wasmkernel-bench-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	if b.Dir != "" {
		if err := os.CopyFS(dir, os.DirFS(b.Dir)); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("copy %s: %w", b.Dir, err)
		}
	}
	return dir, cleanup, nil
}

func clip(b []byte) string {
	s := string(b)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// FromModule makes a benchmark of a prebuilt module, with the module's
// directory as its data and the expected output beside it
// (NAME.stdout.expected or default.stdout.expected, as Sightglass has).
func FromModule(path string) (*Benchmark, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".wasm")
	dir := filepath.Dir(path)
	if name == "benchmark" { // Sightglass names some modules after their directory
		name = filepath.Base(dir)
	}
	b := &Benchmark{Name: name, Wasm: path, Dir: dataDir(dir)}
	for _, base := range []string{name, "default"} {
		if out, err := os.ReadFile(filepath.Join(dir, base+".stdout.expected")); err == nil {
			b.Stdout = out
			break
		}
	}
	return b, nil
}

// SameOutput reports whether a program's output matches the expected one,
// trailing newlines aside: Sightglass's .expected files of the libsodium
// set end without the newline every engine's run prints.
func SameOutput(got, want []byte) bool {
	return bytes.Equal(bytes.TrimRight(got, "\n"), bytes.TrimRight(want, "\n"))
}

// dataDir returns dir if it holds input files for the program, else ""
// (nothing to copy).
func dataDir(dir string) string {
	inputs, _ := filepath.Glob(filepath.Join(dir, "*.input"))
	if len(inputs) == 0 {
		return ""
	}
	return dir
}
