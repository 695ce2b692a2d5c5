package linuxvm

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
	if err := images.GoBuild(ctx, moduleDir, pkg, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("build for the Linux guest: %w", err)
	}
	return path, os.Rename(tmp, path)
}
