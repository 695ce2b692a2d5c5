// Package images builds the artefacts wasmkernel boots: the kernel ELF
// (linked at its load address, with the PVH entry note), and, with the
// apps, the initrd and manifest.
package images

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Kernel link facts: the kernel runs where it is loaded (identity map), its
// text at 2 MiB + 4 KiB (the ELF headers take the first page of the first
// segment), entered through boot's 32-bit PVH entry.
const (
	kernelTextAddr = "0x201000"
	// KernelEntry is the symbol of the PVH entry point.
	KernelEntry = "github.com/wasmkernel/wasmkernel/boot.entry32.abi0"
	kernelPkg   = "github.com/wasmkernel/wasmkernel/kernel/cmd/kernel"
)

// BuildKernel compiles the kernel program for x86-64 into out and writes
// its PVH note. moduleDir is the root of the wasmkernel module.
func BuildKernel(ctx context.Context, moduleDir, out string) error {
	ldflags := "-T " + kernelTextAddr + " -E " + strings.TrimSuffix(KernelEntry, ".abi0")
	if err := GoBuild(ctx, moduleDir, kernelPkg, out, "-ldflags", ldflags); err != nil {
		return fmt.Errorf("build the kernel: %w", err)
	}
	if err := WritePVHNote(out, KernelEntry); err != nil {
		return fmt.Errorf("write the PVH note: %w", err)
	}
	return nil
}

// GoBuild builds the package pkg of the module at moduleDir into out,
// static (CGO_ENABLED=0) for linux/amd64, with the go tool of the
// toolchain that built this program (or go from PATH) and extra build
// flags.
func GoBuild(ctx context.Context, moduleDir, pkg, out string, flags ...string) error {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	args := append(append([]string{"build", "-trimpath"}, flags...), "-o", out, pkg)
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
	}
	return nil
}
