package images

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// What the Raspberry Pi images take from Go modules, at pinned versions,
// through the Go module proxy into the module cache (nothing is copied
// into this repository): the device trees and overlays of the Linux tree
// from gokrazy's kernel.rpi, and the Pi's boot firmware (bootcode.bin,
// start*.elf, fixup*.dat, under Broadcom's licence) from gokrazy's
// firmware.
const (
	piDTBModule      = "github.com/gokrazy/kernel.rpi@v0.0.0-20251127164438-9778ec0261de"
	piFirmwareModule = "github.com/gokrazy/firmware@v0.0.0-20260522070551-527ce0ed43cf"
	piDTBMaxSize     = 1 << 20
	piFirmwareMax    = 16 << 20
)

// moduleDir downloads module (path@version) into the module cache, if it
// is not there yet, and returns its directory. The go command runs in
// workDir, outside any module, so that no go.mod changes.
func moduleDir(ctx context.Context, workDir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, goTool(), "mod", "download", "-json", module)
	cmd.Dir = workDir
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("download %s: %w", module, err)
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return "", fmt.Errorf("download %s: %v %s", module, err, mod.Error)
	}
	return mod.Dir, nil
}

// moduleFile returns the file name (slash-separated) of module, refusing
// one larger than limit.
func moduleFile(ctx context.Context, workDir, module, name string, limit int64) ([]byte, error) {
	dir, err := moduleDir(ctx, workDir, module)
	if err != nil {
		return nil, err
	}
	if strings.Contains(name, "..") {
		return nil, fmt.Errorf("%s: bad file name %q", module, name)
	}
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", module, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read %s: %w", module, name, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %s is larger than %d bytes", module, name, limit)
	}
	return b, nil
}
