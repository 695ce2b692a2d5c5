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
	if err := goBuildKernel(ctx, moduleDir, "amd64", "-T "+kernelTextAddr+" -E "+strings.TrimSuffix(KernelEntry, ".abi0"), out); err != nil {
		return err
	}
	if err := WritePVHNote(out, KernelEntry); err != nil {
		return fmt.Errorf("write the PVH note: %w", err)
	}
	return nil
}

// goBuildKernel runs go build for the kernel program with the linker
// flags ldflags.
func goBuildKernel(ctx context.Context, moduleDir, arch, ldflags, out string) error {
	if err := goBuild(ctx, moduleDir, arch, kernelPkg, out, "-ldflags", ldflags); err != nil {
		return fmt.Errorf("build the %s kernel: %w", arch, err)
	}
	return nil
}

// GoBuild builds the package pkg of the module at moduleDir into out,
// static (CGO_ENABLED=0) for linux/amd64, with the go tool of the
// toolchain that built this program (or go from PATH) and extra build
// flags.
func GoBuild(ctx context.Context, moduleDir, pkg, out string, flags ...string) error {
	return goBuild(ctx, moduleDir, "amd64", pkg, out, flags...)
}

// GoBuildFor is GoBuild for linux/arch.
func GoBuildFor(ctx context.Context, moduleDir, arch, pkg, out string, flags ...string) error {
	return goBuild(ctx, moduleDir, arch, pkg, out, flags...)
}

// goBuild is GoBuild for an architecture.
func goBuild(ctx context.Context, moduleDir, arch, pkg, out string, flags ...string) error {
	args := append(append([]string{"build", "-trimpath"}, flags...), "-o", out, pkg)
	cmd := exec.CommandContext(ctx, goTool(), args...)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
	}
	return nil
}

// goTool returns the go command of the toolchain running this program.
func goTool() string {
	t := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(t); err != nil {
		return "go"
	}
	return t
}
