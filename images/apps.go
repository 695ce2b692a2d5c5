package images

import (
	"bytes"
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
}

// Target is the kernel the initrd is for.
type Target struct {
	Arch   string // "amd64"
	Memory string // "guard" (the kernel's mode) or "bounds"
}

// KernelTarget is how the x86-64 kernel runs apps: guard regions.
var KernelTarget = Target{Arch: "amd64", Memory: "guard"}

// BuildInitrd compiles every app ahead of time for target and returns the
// initrd holding the native modules and the manifest.
func BuildInitrd(apps []AppSpec, target Target) ([]byte, error) {
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
		native, err := mod.CompileNative(target.Arch, target.Memory)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Wasm, err)
		}
		name := a.Name
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(a.Wasm), ".wasm")
		}
		sum := mod.SHA256()
		app := initrd.App{Name: name, Module: "apps/" + name + ".wkn", SourceSHA256: hex.EncodeToString(sum[:]),
			Args: append([]string{name}, a.Args...), Env: a.Env}
		m.Apps = append(m.Apps, app)
		files[app.Module] = native
	}
	var buf bytes.Buffer
	if err := initrd.Write(&buf, m, files); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
