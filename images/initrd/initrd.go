// Package initrd reads and writes the initrd wasmkernel boots with: a
// newc cpio archive (the format of Linux's initramfs; newc.go) holding the manifest of apps, each app's native module
// (compiled on the host for the kernel's target), and the files its
// preopened directories start with. The host writes it (package images);
// the kernel reads it from the boot module.
package initrd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// ManifestPath is where the manifest lives in the initrd.
const ManifestPath = "wasmkernel/manifest.json"

// ManifestVersion is the manifest format this package writes and reads.
const ManifestVersion = 1

// Manifest says what the kernel runs.
type Manifest struct {
	Version int   `json:"version"`
	Apps    []App `json:"apps"`
}

// App is one WebAssembly application.
type App struct {
	Name   string `json:"name"`
	Module string `json:"module"` // the native module's path in the initrd
	// SourceSHA256 is the hex SHA-256 of the WebAssembly module the native
	// module was compiled from; the kernel checks that the native module
	// records the same.
	SourceSHA256 string   `json:"source_sha256"`
	Args         []string `json:"args"` // argv, program name first
	Env          []string `json:"env"`  // KEY=VALUE
	Dirs         []Dir    `json:"dirs"` // preopened directories
}

// Dir is a preopened directory: the guest sees Guest, a RAM file system
// that starts with the tree archive (WriteTree) stored in the initrd at
// Tree. When Export is set, the kernel sends the files the app changed
// back to the host under that name when the app ends (see Frame).
type Dir struct {
	Guest  string `json:"guest"`
	Tree   string `json:"tree"`
	Export string `json:"export,omitempty"`
}

// Validate checks the manifest against the files of its initrd.
func (m *Manifest) Validate(files map[string][]byte) error {
	if m.Version != ManifestVersion {
		return fmt.Errorf("manifest version %d, this kernel reads %d", m.Version, ManifestVersion)
	}
	if len(m.Apps) == 0 {
		return errors.New("manifest lists no apps")
	}
	names := map[string]bool{}
	for _, a := range m.Apps {
		if a.Name == "" || names[a.Name] {
			return fmt.Errorf("app name %q is empty or repeated", a.Name)
		}
		names[a.Name] = true
		if _, ok := files[a.Module]; !ok {
			return fmt.Errorf("app %s: module %s is not in the initrd", a.Name, a.Module)
		}
		for _, kv := range a.Env {
			if !strings.Contains(kv, "=") {
				return fmt.Errorf("app %s: environment entry %q is not KEY=VALUE", a.Name, kv)
			}
		}
		for _, d := range a.Dirs {
			if d.Guest == "" {
				return fmt.Errorf("app %s: preopened directory without a guest path", a.Name)
			}
			if _, ok := files[d.Tree]; !ok {
				return fmt.Errorf("app %s: tree %s of directory %s is not in the initrd", a.Name, d.Tree, d.Guest)
			}
		}
	}
	return nil
}

// Write writes a newc cpio archive with the manifest and files
// (paths relative, "/"-separated). Parent directories are added, records
// are sorted and timestamps zero, so the same input gives the same bytes.
func Write(w io.Writer, m Manifest, files map[string][]byte) error {
	all := map[string][]byte{}
	for p, b := range files {
		clean := path.Clean(strings.TrimPrefix(p, "/"))
		if clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
			return fmt.Errorf("initrd path %q leaves the archive", p)
		}
		all[clean] = b
	}
	if err := m.Validate(all); err != nil {
		return err
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	all[ManifestPath] = append(mj, '\n')
	dirs := map[string]bool{}
	for p := range all {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var entries []entry
	for d := range dirs {
		entries = append(entries, entry{name: d, mode: modeDir | 0o755})
	}
	for p, b := range all {
		entries = append(entries, entry{name: p, mode: modeRegular | 0o644, data: b})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	for _, e := range entries {
		if err := writeEntry(w, e); err != nil {
			return fmt.Errorf("write initrd: %w", err)
		}
	}
	return writeTrailer(w)
}

// Read reads an initrd written by Write (or any newc archive
// with a manifest): the manifest and every regular file.
func Read(r io.ReaderAt) (*Manifest, map[string][]byte, error) {
	files := map[string][]byte{}
	err := forEachEntry(r, func(e entry) error {
		if e.mode&modeType == modeRegular {
			files[path.Clean(e.name)] = e.data
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read initrd: %w", err)
	}
	mj, ok := files[ManifestPath]
	if !ok {
		return nil, nil, fmt.Errorf("initrd has no %s", ManifestPath)
	}
	var m Manifest
	if err := json.Unmarshal(mj, &m); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ManifestPath, err)
	}
	delete(files, ManifestPath)
	if err := m.Validate(files); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ManifestPath, err)
	}
	return &m, files, nil
}
