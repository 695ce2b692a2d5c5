package images

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wasmkernel/wasmkernel/images/initrd"
	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// AppSpec is an app to put into an image.
type AppSpec struct {
	Wasm string   // path of the WebAssembly module
	Name string   // defaults to the module's file name without .wasm
	Args []string // argv after the program name
	Env  []string // KEY=VALUE
	Dirs []DirSpec
}

// DirSpec is a host directory given to an app: copied into the image, and
// with Export set, sent back by the kernel when the app ends (see
// WriteBack).
type DirSpec struct {
	Host   string
	Guest  string
	Export bool
}

// ExportName is the name under which the kernel sends back directory i of
// app.
func ExportName(app string, i int) string { return fmt.Sprintf("%s.%d", app, i) }

// Target is the kernel the initrd is for.
type Target struct {
	Arch   string // "amd64" or "arm64"
	Memory string // "guard" (the kernel's mode) or "bounds"
}

// KernelTarget is how the x86-64 kernel runs apps: guard regions.
var KernelTarget = Target{Arch: "amd64", Memory: "guard"}

// KernelTargetArm64 is how the arm64 kernel runs apps: guard regions too.
var KernelTargetArm64 = Target{Arch: "arm64", Memory: "guard"}

// AppName is the name an app gets in the image.
func AppName(a AppSpec) string {
	if a.Name != "" {
		return a.Name
	}
	return strings.TrimSuffix(filepath.Base(a.Wasm), ".wasm")
}

// BuildInitrd compiles every app ahead of time for target (or takes it
// from the cache) and returns the initrd holding the native modules, the
// trees of their directories and the manifest.
func BuildInitrd(apps []AppSpec, target Target, cache Cache) ([]byte, error) {
	m := initrd.Manifest{Version: initrd.ManifestVersion}
	files := map[string][]byte{}
	for _, a := range apps {
		src, err := os.ReadFile(a.Wasm)
		if err != nil {
			return nil, err
		}
		mod, err := wasmvm.ParseModule(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Wasm, err)
		}
		native, err := cache.native(mod, target)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Wasm, err)
		}
		name := AppName(a)
		sum := mod.SHA256()
		app := initrd.App{Name: name, Module: "apps/" + name + ".wkn", SourceSHA256: hex.EncodeToString(sum[:]),
			Args: append([]string{name}, a.Args...), Env: a.Env}
		for i, d := range a.Dirs {
			var tree bytes.Buffer
			if err := initrd.WriteTree(&tree, os.DirFS(d.Host), nil); err != nil {
				return nil, fmt.Errorf("directory %s: %w", d.Host, err)
			}
			dir := initrd.Dir{Guest: d.Guest, Tree: fmt.Sprintf("trees/%s/%d.cpio", name, i)}
			if d.Export {
				dir.Export = ExportName(name, i)
			}
			files[dir.Tree] = tree.Bytes()
			app.Dirs = append(app.Dirs, dir)
		}
		m.Apps = append(m.Apps, app)
		files[app.Module] = native
	}
	var buf bytes.Buffer
	if err := initrd.Write(&buf, m, files); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Image is a bootable artefact: the kernel (ELF, or kernel8.img for a
// Pi), the initrd, and the device tree for a machine whose firmware would
// pass one.
type Image struct {
	Kernel string
	Initrd string
	DTB    string
	// InitrdAddr is where a Pi's firmware puts the initrd (config.txt's
	// initramfs address; DTB already names it), 0 where QEMU chooses.
	InitrdAddr uint64
}

// Build writes the initrd for apps into dir and finds or builds the x86-64
// kernel from the module at moduleDir (through the cache).
func Build(ctx context.Context, moduleDir, dir string, apps []AppSpec, cache Cache) (*Image, error) {
	return BuildFor(ctx, moduleDir, dir, apps, cache, "microvm")
}

// BuildFor is Build for the kernel of a QEMU machine preset: x86-64
// ("microvm", "q35") through the cache, or arm64 ("virt", "raspi3b")
// built into dir.
func BuildFor(ctx context.Context, moduleDir, dir string, apps []AppSpec, cache Cache, machine string) (*Image, error) {
	arm := machine == "virt" || machine == "raspi3b"
	target := KernelTarget
	if arm {
		target = KernelTargetArm64
	}
	img, err := BuildInitrd(apps, target, cache)
	if err != nil {
		return nil, err
	}
	initrdPath := filepath.Join(dir, "initrd.cpio")
	if err := os.WriteFile(initrdPath, img, 0o644); err != nil {
		return nil, err
	}
	if !arm {
		kernel, err := cache.Kernel(ctx, moduleDir, filepath.Join(dir, "kernel.elf"))
		if err != nil {
			return nil, err
		}
		return &Image{Kernel: kernel, Initrd: initrdPath}, nil
	}
	kernel, err := BuildKernelFor(ctx, moduleDir, machine, dir)
	if err != nil {
		return nil, err
	}
	out := &Image{Kernel: kernel, Initrd: initrdPath}
	if machine == "raspi3b" {
		if out.DTB, err = PiDeviceTree(ctx, dir); err != nil {
			return nil, err
		}
	}
	return out, nil
}
