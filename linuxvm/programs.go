package linuxvm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wasmkernel/wasmkernel/images"
)

// The Go programs that go into the guest, built static (CGO_ENABLED=0)
// for linux/amd64 from the module's source.
const (
	initPkg       = "./linuxvm/internal/guestinit"
	wasmkernelPkg = "./cmd/wasmkernel"
)

// guestProgram returns the path of pkg built static for the guest, from
// cacheDir/linux when this source built it before.
func guestProgram(ctx context.Context, moduleDir, cacheDir, pkg string) (string, error) {
	key, err := images.SourceKey(moduleDir)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheDir, "linux")
	path := filepath.Join(dir, filepath.Base(pkg)+"-"+key)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.tmp%d", path, os.Getpid())
	// Without the symbol table and DWARF, as one would ship it: the
	// Linux side's image is as small as it gets.
	if err := images.GoBuild(ctx, moduleDir, pkg, tmp, "-ldflags=-s -w"); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("build for the Linux guest: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	// Builds from older sources are not needed again.
	old, _ := filepath.Glob(filepath.Join(dir, filepath.Base(pkg)+"-*"))
	for _, o := range old {
		if o != path && !strings.Contains(filepath.Base(o), ".tmp") {
			os.Remove(o)
		}
	}
	return path, nil
}
