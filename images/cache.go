package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// Cache keeps built kernels and native modules in a directory, keyed by
// what they are built from, so that running an app a second time boots at
// once. The zero Cache keeps nothing.
type Cache struct{ Dir string }

// DefaultCache is the user's cache directory for wasmkernel
// ($XDG_CACHE_HOME/wasmkernel, or ~/.cache/wasmkernel); without one,
// nothing is cached.
func DefaultCache() Cache {
	dir, err := os.UserCacheDir()
	if err != nil {
		return Cache{}
	}
	return Cache{Dir: filepath.Join(dir, "wasmkernel")}
}

// Kernel returns the path of the kernel built from the module at
// moduleDir, building it into the cache (or into fallback, for the zero
// Cache) when it is not there.
func (c Cache) Kernel(ctx context.Context, moduleDir, fallback string) (string, error) {
	if c.Dir == "" {
		return fallback, BuildKernel(ctx, moduleDir, fallback)
	}
	key, err := SourceKey(moduleDir)
	if err != nil {
		return "", err
	}
	path := filepath.Join(c.Dir, "kernel-amd64-"+key+".elf")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return "", err
	}
	tmp := path + ".tmp" + fmt.Sprint(os.Getpid())
	if err := BuildKernel(ctx, moduleDir, tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// native returns mod compiled for target, from the cache when this
// compiler compiled it before.
func (c Cache) native(mod *wasmvm.Module, target Target) ([]byte, error) {
	compile := func() ([]byte, error) { return mod.CompileNative(target.Arch, target.Memory) }
	compiler, err := compilerKey()
	if c.Dir == "" || err != nil {
		return compile()
	}
	sum := mod.SHA256()
	path := filepath.Join(c.Dir, "native", fmt.Sprintf("%s-%s-%s-%s.wkn", hex.EncodeToString(sum[:12]), target.Arch, target.Memory, compiler))
	if b, err := os.ReadFile(path); err == nil {
		return b, nil
	}
	b, err := compile()
	if err != nil {
		return nil, err
	}
	if os.MkdirAll(filepath.Dir(path), 0o755) == nil {
		tmp := path + ".tmp" + fmt.Sprint(os.Getpid())
		if os.WriteFile(tmp, b, 0o644) == nil {
			os.Rename(tmp, path) // a cache that cannot be written only costs time
		}
	}
	return b, nil
}

// compilerKey identifies this program's compiler: a hash of the running
// executable.
func compilerKey() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// SourceKey hashes what a kernel build depends on: the Go toolchain's
// version and every Go source, assembly file, go.mod and go.sum of the
// module (tests and test data aside).
func SourceKey(moduleDir string) (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version())
	err := filepath.WalkDir(moduleDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != moduleDir && (strings.HasPrefix(name, ".") || name == "testdata" || name == "out" || name == "examples") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") ||
			!(strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".s") || name == "go.mod" || name == "go.sum") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(moduleDir, path)
		fmt.Fprintf(h, "%s %d\n", rel, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash the kernel sources: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}
