package wasi

import (
	"encoding/binary"
	"io/fs"
)

// Filestat is a file's status as WASI's $filestat gives it: a value, so
// that a backend can answer a stat without allocating.
type Filestat struct {
	Dev, Ino   uint64
	Filetype   uint8 // a $filetype
	Nlink      uint64
	Size       uint64
	Atim, Mtim int64 // nanoseconds since 1970
	Ctim       int64
}

// IsDir reports whether the file is a directory.
func (st *Filestat) IsDir() bool { return st.Filetype == filetypeDirectory }

// FilestatFS is an optional interface of an FS (ramfs has it): Lstat's
// answer as a Filestat value, which path_filestat_get, path_open and the
// removal functions use instead of an fs.FileInfo.
type FilestatFS interface {
	LstatValue(name string) (Filestat, error)
}

// FilestatFile is an optional interface of a File: Stat's answer as a
// Filestat value.
type FilestatFile interface {
	StatValue() (Filestat, error)
}

// lstat returns the status of name in fsys, not following a final
// symbolic link.
func lstat(fsys FS, name string) (Filestat, error) {
	if sf, ok := fsys.(FilestatFS); ok {
		return sf.LstatValue(name)
	}
	fi, err := fsys.Lstat(name)
	if err != nil {
		return Filestat{}, err
	}
	return filestatOf(fi), nil
}

// fileStat returns the status of an open file.
func fileStat(f File) (Filestat, error) {
	if sf, ok := f.(FilestatFile); ok {
		return sf.StatValue()
	}
	fi, err := f.Stat()
	if err != nil {
		return Filestat{}, err
	}
	return filestatOf(fi), nil
}

// filestatOf converts what a backend without the value interfaces gives.
func filestatOf(fi fs.FileInfo) Filestat {
	attr := attrOf(fi)
	return Filestat{Dev: attr.Dev, Ino: attr.Ino, Filetype: filetypeOf(fi.Mode()), Nlink: attr.Nlink,
		Size: uint64(fi.Size()), Atim: attr.Atime.UnixNano(), Mtim: fi.ModTime().UnixNano(), Ctim: attr.Ctime.UnixNano()}
}

// filetypeOf returns the $filetype of a file mode.
func filetypeOf(mode fs.FileMode) uint8 {
	switch {
	case mode.IsDir():
		return filetypeDirectory
	case mode&fs.ModeSymlink != 0:
		return filetypeSymbolicLink
	case mode.IsRegular():
		return filetypeRegularFile
	case mode&fs.ModeCharDevice != 0:
		return filetypeCharacterDevice
	}
	return filetypeUnknown
}

// putFilestat writes a $filestat (64 bytes) at p.
func putFilestat(m mem, p uint32, st *Filestat) Errno {
	if !m.ok(p, 64) {
		return ErrnoFault
	}
	b := m[p : p+64]
	le := binary.LittleEndian
	le.PutUint64(b[0:], st.Dev)
	le.PutUint64(b[8:], st.Ino)
	le.PutUint64(b[16:], uint64(st.Filetype)) // the type's byte, then padding
	le.PutUint64(b[24:], st.Nlink)
	le.PutUint64(b[32:], st.Size)
	le.PutUint64(b[40:], uint64(st.Atim))
	le.PutUint64(b[48:], uint64(st.Mtim))
	le.PutUint64(b[56:], uint64(st.Ctim))
	return ErrnoSuccess
}
