package ramfs

import (
	"io/fs"
	"path"
	"time"

	"github.com/wasmkernel/wasmkernel/wasi"
)

// fileInfo is a snapshot of a node's status.
type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
	attr wasi.Attr
	mod  time.Time
}

func (f *FS) info(n *node, name string) *fileInfo {
	size := int64(len(n.data))
	if n.isSymlink() {
		size = int64(len(n.target))
	}
	return &fileInfo{name: path.Base(name), size: size, mode: n.mode, mod: time.Unix(0, n.mtime),
		attr: wasi.Attr{Dev: device, Ino: n.ino, Nlink: uint64(max(n.nlink, 0)), Atime: time.Unix(0, n.atime), Ctime: time.Unix(0, n.ctime)}}
}

// filestat returns n's status as a value.
func (f *FS) filestat(n *node) wasi.Filestat {
	size := uint64(len(n.data))
	typ := uint8(filetypeRegularFile)
	switch {
	case n.isDir():
		typ = filetypeDirectory
	case n.isSymlink():
		typ = filetypeSymbolicLink
		size = uint64(len(n.target))
	}
	return wasi.Filestat{Dev: device, Ino: n.ino, Filetype: typ, Nlink: uint64(max(n.nlink, 0)), Size: size,
		Atim: n.atime, Mtim: n.mtime, Ctim: n.ctime}
}

// File types of WASI's $filetype that ramfs has.
const (
	filetypeDirectory    = 3
	filetypeRegularFile  = 4
	filetypeSymbolicLink = 7
)

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
func (i *fileInfo) Mode() fs.FileMode  { return i.mode }
func (i *fileInfo) ModTime() time.Time { return i.mod }
func (i *fileInfo) IsDir() bool        { return i.mode.IsDir() }

// Sys returns *wasi.Attr.
func (i *fileInfo) Sys() any { return &i.attr }

// dirEntry is a directory entry with the status of when it was listed.
type dirEntry struct{ info *fileInfo }

func (d dirEntry) Name() string               { return d.info.name }
func (d dirEntry) IsDir() bool                { return d.info.IsDir() }
func (d dirEntry) Type() fs.FileMode          { return d.info.mode.Type() }
func (d dirEntry) Info() (fs.FileInfo, error) { return d.info, nil }
