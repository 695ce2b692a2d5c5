package linuxvm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wasmkernel/wasmkernel/images"
)

// The Go programs that go into the guest, built static (CGO_ENABLED=0)
// for linux and the guest's architecture from the module's source.
const (
	initPkg       = "./linuxvm/internal/guestinit"
	wasmkernelPkg = "./cmd/wasmkernel"
	// guestLDFlags leave out the symbol table and DWARF, as one would
	// ship the programs: the Linux side's image is as small as it gets.
	guestLDFlags = "-s -w"
)

// guestProgram returns the path of pkg built static for a guest of
// architecture arch, from cacheDir/linux when this source built it
// before with these flags.
func guestProgram(ctx context.Context, moduleDir, cacheDir, arch, pkg string) (string, error) {
	source, err := images.SourceKey(moduleDir)
	if err != nil {
		return "", err
	}
	key := sha256.Sum256([]byte(source + "\x00" + guestLDFlags))
	dir := filepath.Join(cacheDir, "linux")
	prefix := filepath.Base(pkg) + "-" + arch + "-"
	path := filepath.Join(dir, prefix+hex.EncodeToString(key[:12]))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.tmp%d", path, os.Getpid())
	if err := images.GoBuildFor(ctx, moduleDir, arch, pkg, tmp, "-ldflags="+guestLDFlags); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("build for the Linux guest: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	// Builds from older sources are not needed again.
	old, _ := filepath.Glob(filepath.Join(dir, prefix+"*"))
	for _, o := range old {
		if o != path && !strings.Contains(filepath.Base(o), ".tmp") {
			os.Remove(o)
		}
	}
	return path, nil
}
