package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"

	"github.com/wasmkernel/wasmkernel/images/initrd"
	"github.com/wasmkernel/wasmkernel/kernel"
	"github.com/wasmkernel/wasmkernel/wasi/ramfs"
)

// preopen is a preopened directory of an app: a RAM file system filled
// from its tree in the initrd.
type preopen struct {
	spec initrd.Dir
	fs   *ramfs.FS
	// loaded holds the hash of every file as it came from the initrd, so
	// that only what the app changed is sent back.
	loaded map[string][sha256.Size]byte
}

// loadDirs builds the RAM file systems of an app's preopened directories.
func loadDirs(app initrd.App, files map[string][]byte) ([]*preopen, error) {
	var dirs []*preopen
	for _, d := range app.Dirs {
		// Timestamps come from the kernel's clock: time.Now costs two
		// system calls in the kernel (the Go runtime finds no vDSO), and
		// every write stamps its file.
		p := &preopen{spec: d, fs: ramfs.New(ramfs.WithClock(kernel.Realtime)), loaded: map[string][sha256.Size]byte{}}
		if err := initrd.ReadTree(bytes.NewReader(files[d.Tree]), recordingSink{p}); err != nil {
			return nil, fmt.Errorf("directory %s: %w", d.Guest, err)
		}
		dirs = append(dirs, p)
	}
	return dirs, nil
}

// recordingSink fills a preopen's file system and notes what it loaded.
type recordingSink struct{ p *preopen }

func (r recordingSink) MkdirAll(name string, perm fs.FileMode) error {
	return r.p.fs.MkdirAll(name, perm)
}

func (r recordingSink) WriteFile(name string, data []byte, perm fs.FileMode) error {
	r.p.loaded[name] = sha256.Sum256(data)
	return r.p.fs.WriteFile(name, data, perm)
}

func (r recordingSink) Symlink(target, name string) error { return r.p.fs.Symlink(target, name) }

// export sends the directory back to the host, without the files that are
// as they were loaded, when the manifest asks for it.
func (p *preopen) export() error {
	if p.spec.Export == "" {
		return nil
	}
	unchanged := func(name string, data []byte) bool {
		sum, ok := p.loaded[name]
		return ok && sum == sha256.Sum256(data)
	}
	var tree bytes.Buffer
	if err := initrd.WriteTree(&tree, p.fs, unchanged); err != nil {
		return fmt.Errorf("export %s: %w", p.spec.Guest, err)
	}
	w, err := exportChannel()
	if err != nil {
		return fmt.Errorf("export %s: %w", p.spec.Guest, err)
	}
	return initrd.WriteFrame(w, p.spec.Export, tree.Bytes())
}
