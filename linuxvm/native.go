package linuxvm

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// hostArch is this host's architecture: its programs run in a guest of
// the same architecture with the host's own libraries.
const hostArch = runtime.GOARCH

// clangTriples are clang's targets for the guests' glibc programs.
var clangTriples = map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}

// Sysroot returns cacheDir/linux/sysroot-ARCH, Debian's C library,
// headers and GCC start files for arch (SysrootPackages), fetching them
// on first use from the Debian archive the host's apt reads (checked as
// Archive does; the host's apt configuration and package database stay
// as they are).
func Sysroot(ctx context.Context, cacheDir, arch string) (string, error) {
	dir := filepath.Join(cacheDir, "linux", "sysroot-"+arch)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	a, err := HostArchive("/")
	if err != nil {
		return "", err
	}
	if err := FetchSysroot(ctx, a, arch, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return dir, nil // another process fetched it meanwhile
		}
		return "", err
	}
	return dir, nil
}

// CompileC runs clang with args (sources, flags, -o) to build a Linux
// program for arch, linked dynamically against glibc as Debian's own
// programs are: with the host's libraries for this host's architecture,
// else with --target and the Debian sysroot of arch and lld.
func CompileC(ctx context.Context, cacheDir, arch string, args ...string) error {
	triple, ok := clangTriples[arch]
	if !ok {
		return fmt.Errorf("no Linux guest for architecture %q (amd64, arm64)", arch)
	}
	if arch != hostArch {
		sysroot, err := Sysroot(ctx, cacheDir, arch)
		if err != nil {
			return err
		}
		args = append([]string{"--target=" + triple, "--sysroot=" + sysroot, "-fuse-ld=lld"}, args...)
	}
	out, err := exec.CommandContext(ctx, "clang", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("clang %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
