package bench

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
)

// NativeMusl runs a C benchmark's source built for this machine by the
// same clang with the same flags as the native build, but linked
// statically against musl (Debian: musl-dev) instead of the system's C
// library. wasi-libc is musl's code, so against this baseline the
// library functions a program calls (strstr, memcmp, qsort, printf) are
// the same C on both sides, where glibc's are hand-written vector code:
// the ratio leaves out most of the libraries' difference. Not all of it:
// musl's memcpy and memset are assembly on x86-64 (rep movs), wasi-libc's
// are memory.copy and memory.fill.
type NativeMusl struct{}

// Name implements Engine.
func (NativeMusl) Name() string { return "native-musl" }

// Run implements Engine. The musl build is made on first use, beside the
// native build in the benchmark cache.
func (NativeMusl) Run(b *Benchmark, dir string) (Sample, []byte, error) {
	if b.Source == "" || b.Native == "" {
		return Sample{}, nil, ErrSkip
	}
	exe := b.Native + ".musl"
	if _, err := os.Stat(exe); errors.Is(err, os.ErrNotExist) {
		if err := buildMusl(b.Source, b.NativeFlags, exe); err != nil {
			return Sample{}, nil, err
		}
	}
	return runNativeProgram(exe, dir)
}

// muslTriple is the directory name Debian's musl-dev uses for GOARCH.
func muslTriple() (string, error) {
	switch goruntime.GOARCH {
	case "amd64":
		return "x86_64-linux-musl", nil
	case "arm64":
		return "aarch64-linux-musl", nil
	}
	return "", fmt.Errorf("native-musl: no musl for %s", goruntime.GOARCH)
}

// MuslAvailable reports whether musl's headers and static library for
// this machine are installed, with what to install when they are not.
func MuslAvailable() error {
	_, err := findMusl()
	return err
}

// muslToolchain is what building against musl needs besides the
// source and its flags.
type muslToolchain struct {
	clang    string
	triple   string // Debian's directory name for musl's files
	include  string // clang's own headers (intrinsics, stddef.h)
	builtins string // clang's runtime library (libgcc or compiler-rt)
}

// findMusl looks for musl and asks clang where its headers and runtime
// library are, once per process.
var findMusl = sync.OnceValues(func() (muslToolchain, error) {
	triple, err := muslTriple()
	if err != nil {
		return muslToolchain{}, err
	}
	if _, err := os.Stat(filepath.Join("/usr/lib", triple, "libc.a")); err != nil {
		return muslToolchain{}, fmt.Errorf("native-musl needs musl's static library (Debian: musl-dev): %w", err)
	}
	clang, err := exec.LookPath("clang")
	if err != nil {
		return muslToolchain{}, fmt.Errorf("native-musl: %w", err)
	}
	resource, err := exec.Command(clang, "-print-resource-dir").Output()
	if err != nil {
		return muslToolchain{}, fmt.Errorf("clang -print-resource-dir: %w", err)
	}
	builtins, err := exec.Command(clang, "-print-libgcc-file-name").Output()
	if err != nil {
		return muslToolchain{}, fmt.Errorf("clang -print-libgcc-file-name: %w", err)
	}
	return muslToolchain{clang: clang, triple: triple,
		include:  filepath.Join(strings.TrimSpace(string(resource)), "include"),
		builtins: strings.TrimSpace(string(builtins))}, nil
})

// buildMusl compiles src with clang and flags against musl's headers and
// links it statically with musl's start files and libc.a into exe.
func buildMusl(src string, flags []string, exe string) error {
	tc, err := findMusl()
	if err != nil {
		return err
	}
	lib := filepath.Join("/usr/lib", tc.triple)
	args := append([]string{}, flags...)
	args = append(args, "-static", "-nostdinc", "-nostdlib",
		"-isystem", tc.include, "-isystem", filepath.Join("/usr/include", tc.triple),
		filepath.Join(lib, "crt1.o"), filepath.Join(lib, "crti.o"),
		src, "-o", exe+".tmp", "-L"+lib, "-lm", "-lc",
		tc.builtins, filepath.Join(lib, "crtn.o"))
	if out, err := exec.Command(tc.clang, args...).CombinedOutput(); err != nil {
		os.Remove(exe + ".tmp")
		return fmt.Errorf("native-musl: clang %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return os.Rename(exe+".tmp", exe)
}
