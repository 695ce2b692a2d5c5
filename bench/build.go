package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// CFlags are the flags both builds of a C benchmark get.
var CFlags = []string{"-O2"}

// FromC builds a C benchmark to wasm32-wasi and for this machine with the
// same clang and CFlags, into cacheDir (reused while the source, the
// bench.h beside it and clang are unchanged).
func FromC(src, cacheDir string) (*Benchmark, error) {
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
	fmt.Fprintln(h, CFlags)
	for _, f := range []string{src, filepath.Join(filepath.Dir(src), "bench.h")} {
		b, err := os.ReadFile(f)
		if err != nil && f == src {
			return nil, err
		}
		h.Write(b)
	}
	name := strings.TrimSuffix(filepath.Base(src), ".c")
	dir := filepath.Join(cacheDir, name+"-"+hex.EncodeToString(h.Sum(nil))[:16])
	b := &Benchmark{Name: name, Wasm: filepath.Join(dir, name+".wasm"), Native: filepath.Join(dir, name), Source: src}
	if _, err := os.Stat(b.Native); err == nil {
		return b, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	builds := [][]string{
		append(append([]string{"--target=wasm32-wasi"}, CFlags...), src, "-o", b.Wasm, "-lm"),
		append(append([]string{}, CFlags...), src, "-o", b.Native, "-lm"),
	}
	for _, args := range builds {
		if out, err := exec.Command(clang, args...).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("clang %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	return b, nil
}
