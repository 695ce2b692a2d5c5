package initrd

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The newc cpio format ("new ASCII", Linux's initramfs format,
// Documentation/driver-api/early-userspace/buffer-format.rst): each entry
// is a 110-byte header of the magic "070701" and thirteen 8-digit
// hexadecimal fields, the NUL-terminated name, padding to a multiple of
// four bytes, the data (a symbolic link's data is its target) and padding
// again. The entry named "TRAILER!!!" ends the archive.
//
// The kernel reads its initrd at every boot, so it has its own small
// reader and writer here rather than a general cpio package: only what
// this package writes (directories, regular files, symbolic links) with
// owner, times and inode numbers zero, so the same input gives the same
// bytes.

const (
	newcMagic      = "070701"
	newcHeaderSize = 6 + 13*8
	newcTrailer    = "TRAILER!!!"

	// Offsets of the header fields set here (the others are zero).
	newcModeOff     = 6 + 1*8
	newcNLinkOff    = 6 + 4*8
	newcFileSizeOff = 6 + 6*8
	newcNameSizeOff = 6 + 11*8

	// File types of the mode field (as in Linux's stat).
	modeType      = 0o170000
	modeDir       = 0o040000
	modeRegular   = 0o100000
	modeSymlink   = 0o120000
	maxNewcLength = 1<<32 - 1
	maxNameSize   = 4096 // with its NUL: Linux's PATH_MAX
)

// entry is one record of a newc archive.
type entry struct {
	name string
	mode uint32 // file type and permission bits
	data []byte // a regular file's contents or a link's target
}

// writeEntry writes e in newc format.
func writeEntry(w io.Writer, e entry) error {
	if len(e.name)+1 > maxNameSize || uint64(len(e.data)) > maxNewcLength {
		return fmt.Errorf("cpio entry %q: too large for newc", e.name)
	}
	nlink := uint32(1)
	if e.mode&modeType == modeDir {
		nlink = 2
	}
	field := func(off int) int { return (off - len(newcMagic)) / 8 }
	var fields [13]uint32
	fields[field(newcModeOff)] = e.mode
	fields[field(newcNLinkOff)] = nlink
	fields[field(newcFileSizeOff)] = uint32(len(e.data))
	fields[field(newcNameSizeOff)] = uint32(len(e.name) + 1)
	b := make([]byte, 0, newcHeaderSize+len(e.name)+4)
	b = append(b, newcMagic...)
	for _, v := range fields {
		b = appendHex8(b, v)
	}
	b = append(b, e.name...)
	b = append(b, make([]byte, 1+pad4(len(b)+1))...) // NUL, padding
	if _, err := w.Write(b); err != nil {
		return err
	}
	if _, err := w.Write(e.data); err != nil {
		return err
	}
	_, err := w.Write(make([]byte, pad4(len(e.data))))
	return err
}

// appendHex8 appends v as eight lower-case hexadecimal digits.
func appendHex8(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>shift&15])
	}
	return b
}

// writeTrailer ends an archive.
func writeTrailer(w io.Writer) error {
	return writeEntry(w, entry{name: newcTrailer})
}

// pad4 is the padding that brings n to a multiple of four.
func pad4(n int) int { return -n & 3 }

// newcReader reads the entries of a newc archive in order.
type newcReader struct {
	r   io.ReaderAt
	off int64
}

// errTruncated reports an archive that ends inside an entry.
var errTruncated = errors.New("cpio archive truncated")

// next returns the next entry, or io.EOF after the trailer.
func (nr *newcReader) next() (entry, error) {
	var h [newcHeaderSize]byte
	if err := nr.read(h[:]); err != nil {
		return entry{}, err
	}
	if string(h[:6]) != newcMagic {
		return entry{}, fmt.Errorf("cpio entry at %d: magic %q is not newc's %q", nr.off-newcHeaderSize, h[:6], newcMagic)
	}
	field := func(off int) (uint32, error) {
		v, err := strconv.ParseUint(string(h[off:off+8]), 16, 32)
		if err != nil {
			return 0, fmt.Errorf("cpio entry at %d: header field at %d: %w", nr.off-newcHeaderSize, off, err)
		}
		return uint32(v), nil
	}
	mode, err := field(newcModeOff)
	if err != nil {
		return entry{}, err
	}
	size, err := field(newcFileSizeOff)
	if err != nil {
		return entry{}, err
	}
	nameSize, err := field(newcNameSizeOff)
	if err != nil {
		return entry{}, err
	}
	if nameSize == 0 || nameSize > maxNameSize {
		return entry{}, fmt.Errorf("cpio entry at %d: name of %d bytes", nr.off-newcHeaderSize, nameSize)
	}
	name := make([]byte, int(nameSize)+pad4(newcHeaderSize+int(nameSize)))
	if err := nr.read(name); err != nil {
		return entry{}, err
	}
	if name[nameSize-1] != 0 {
		return entry{}, fmt.Errorf("cpio entry at %d: name is not NUL-terminated", nr.off-int64(len(name))-newcHeaderSize)
	}
	e := entry{name: string(name[:nameSize-1]), mode: mode}
	if e.name == newcTrailer {
		return entry{}, io.EOF
	}
	// The last byte must be there before the size is trusted with an
	// allocation.
	if size > 0 {
		var last [1]byte
		if n, _ := nr.r.ReadAt(last[:], nr.off+int64(size)-1); n != 1 {
			return entry{}, fmt.Errorf("cpio entry %s: %w", e.name, errTruncated)
		}
	}
	e.data = make([]byte, size)
	if err := nr.read(e.data); err != nil {
		return entry{}, fmt.Errorf("cpio entry %s: %w", e.name, err)
	}
	nr.off += int64(pad4(int(size)))
	return e, nil
}

// read fills b from the archive at the current offset and moves past it.
func (nr *newcReader) read(b []byte) error {
	n, err := nr.r.ReadAt(b, nr.off)
	nr.off += int64(n)
	if n == len(b) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return errTruncated
	}
	return err
}

// forEachEntry calls f with every entry of the archive r, in order.
func forEachEntry(r io.ReaderAt, f func(entry) error) error {
	nr := newcReader{r: r}
	for {
		e, err := nr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(e); err != nil {
			return err
		}
	}
}
