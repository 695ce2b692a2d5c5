package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
)

// Build is one way to build a C benchmark: clang flags for the
// wasm32-wasi build and for the native build, and what the benchmark's
// name gets appended.
type Build struct {
	Suffix       string
	Wasm, Native []string
}

// ScalarBuild is the default build: -O2 for both. The wasm build has no
// vectors; the native one is auto-vectorized for the target's default
// vector ISA (SSE2 on x86-64, NEON on arm64).
var ScalarBuild = Build{Wasm: []string{"-O2"}, Native: []string{"-O2"}}

// SIMDBuild returns the build that compares vector code like for like:
// the wasm build with -msimd128 and the native build vectorized for the
// ISA that WebAssembly's v128 maps to on arch (a GOARCH): SSE4.1 on amd64,
// the baseline wasmkernel compiles SIMD to (AVX code differs in encoding,
// not in vector width), NEON, the default, on arm64. Both builds are
// auto-vectorized by the same clang at -O2.
func SIMDBuild(arch string) Build {
	native := []string{"-O2"}
	if arch == "amd64" {
		native = append(native, "-msse4.1")
	}
	return Build{Suffix: "-simd", Wasm: []string{"-O2", "-msimd128"}, Native: native}
}

// AtLevel returns b with clang's optimization level level (0, 1, 2, 3,
// s or z: the letters of -O) for both builds in place of -O2, and its
// name suffixed with -Olevel unless level is 2: the same programs
// compiled to other shapes of code, which clang's -O2 alone never shows
// a compiler.
func (b Build) AtLevel(level string) (Build, error) {
	switch level {
	case "0", "1", "2", "3", "s", "z":
	default:
		return Build{}, fmt.Errorf("optimization level %q: want 0, 1, 2, 3, s or z", level)
	}
	if level == "2" {
		return b, nil
	}
	flag := "-O" + level
	swap := func(flags []string) []string {
		out := slices.Clone(flags)
		for i, f := range out {
			if f == "-O2" {
				out[i] = flag
			}
		}
		return out
	}
	return Build{Suffix: b.Suffix + flag, Wasm: swap(b.Wasm), Native: swap(b.Native)}, nil
}

// FromC builds a C benchmark with ScalarBuild; see FromCBuild.
func FromC(src, cacheDir string) (*Benchmark, error) { return FromCBuild(src, cacheDir, ScalarBuild) }

// FromCBuild builds a C benchmark to wasm32-wasi and for this machine with
// the same clang and the flags of build, into cacheDir (reused while the
// source, the bench.h beside it, the flags and clang are unchanged).
func FromCBuild(src, cacheDir string, build Build) (*Benchmark, error) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		return nil, fmt.Errorf("building %s needs clang with the wasm32-wasi target (Debian: clang lld wasi-libc libclang-rt-14-dev-wasm32)", src)
	}
	version, err := exec.Command(clang, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("clang --version: %w", err)
	}
	h := sha256.New()
	h.Write(version)
	fmt.Fprintln(h, build.Wasm, build.Native, goruntime.GOARCH)
	for _, f := range []string{src, filepath.Join(filepath.Dir(src), "bench.h")} {
		b, err := os.ReadFile(f)
		if err != nil && f == src {
			return nil, err
		}
		h.Write(b)
	}
	name := strings.TrimSuffix(filepath.Base(src), ".c")
	dir := filepath.Join(cacheDir, name+build.Suffix+"-"+hex.EncodeToString(h.Sum(nil))[:16])
	b := &Benchmark{Name: name + build.Suffix, Wasm: filepath.Join(dir, name+".wasm"), Native: filepath.Join(dir, name),
		Source: src, NativeFlags: build.Native}
	if _, err := os.Stat(b.Native); err == nil {
		return b, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	builds := [][]string{
		append(append([]string{"--target=wasm32-wasi"}, build.Wasm...), src, "-o", b.Wasm, "-lm"),
		append(append([]string{}, build.Native...), src, "-o", b.Native, "-lm"),
	}
	for _, args := range builds {
		if out, err := exec.Command(clang, args...).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("clang %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	return b, nil
}
