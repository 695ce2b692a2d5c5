// Package binary decodes the WebAssembly binary format (WebAssembly Core
// Specification, Release 2.0, chapter 5) into a *wasm.Module.
//
// The decoder checks everything the binary format itself requires (magic,
// version, section order and sizes, LEB128 limits, UTF-8 names, immediates)
// and leaves typing rules to wasm.Validate. Every error names the section and
// the module offset. Memory use is bounded by the input: no vector is
// allocated for more elements than the remaining bytes could hold.
package binary

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Magic and Version open every module.
var (
	Magic   = []byte{0x00, 0x61, 0x73, 0x6D}
	Version = []byte{0x01, 0x00, 0x00, 0x00}
)

// Section IDs (spec 5.5.2).
const (
	SectionCustom    byte = 0
	SectionType      byte = 1
	SectionImport    byte = 2
	SectionFunction  byte = 3
	SectionTable     byte = 4
	SectionMemory    byte = 5
	SectionGlobal    byte = 6
	SectionExport    byte = 7
	SectionStart     byte = 8
	SectionElement   byte = 9
	SectionCode      byte = 10
	SectionData      byte = 11
	SectionDataCount byte = 12
)

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory",
	"global", "export", "start", "element", "code", "data", "data count"}

// SectionName returns the name of section id for messages.
func SectionName(id byte) string {
	if int(id) < len(sectionNames) {
		return sectionNames[id]
	}
	return fmt.Sprintf("unknown(%d)", id)
}

// sectionOrder is the position of each non-custom section in the required
// order; the data count section sits between element and code.
var sectionOrder = [...]int{
	SectionType: 1, SectionImport: 2, SectionFunction: 3, SectionTable: 4,
	SectionMemory: 5, SectionGlobal: 6, SectionExport: 7, SectionStart: 8,
	SectionElement: 9, SectionDataCount: 10, SectionCode: 11, SectionData: 12,
}

// Error is a decoding error: what was wrong, in which section, at which
// module offset.
type Error struct {
	Section string // "" for the header
	Offset  int
	Err     error
}

func (e *Error) Error() string {
	if e.Section == "" {
		return fmt.Sprintf("offset 0x%x: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("%s section: offset 0x%x: %v", e.Section, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Limits the decoder enforces beyond the format's own (implementation
// limits, spec appendix A.1).
const (
	MaxLocals = 50000 // locals per function, parameters excluded
)

var (
	errMagic         = errors.New("magic header not detected")
	errVersion       = errors.New("unknown binary version")
	errSectionSize   = errors.New("section size mismatch")
	errJunkAfterLast = errors.New("unexpected content after last section")
)

// Decode decodes a module. It does not validate it: call wasm.Validate next.
func Decode(b []byte) (*wasm.Module, error) {
	d := decoder{m: &wasm.Module{}}
	if err := d.decode(b); err != nil {
		return nil, err
	}
	return d.m, nil
}

type decoder struct {
	m       *wasm.Module
	section byte
	r       wasm.Reader
	// funcCount is the function section's count, checked against the code
	// section's.
	funcCount     uint32
	haveFunctions bool
	haveCode      bool
}

func (d *decoder) fail(offset int, err error) error {
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	name := ""
	if d.section != 0xFF {
		name = SectionName(d.section)
	}
	return &Error{Section: name, Offset: offset, Err: err}
}

func (d *decoder) decode(b []byte) error {
	d.section = 0xFF
	if len(b) < 4 || !bytes.Equal(b[:4], Magic) {
		return d.fail(0, errMagic)
	}
	if len(b) < 8 {
		return d.fail(4, fmt.Errorf("%w: header too short", wasm.ErrUnexpectedEnd))
	}
	if !bytes.Equal(b[4:8], Version) {
		return d.fail(4, errVersion)
	}
	r := wasm.NewReader(b[8:], 8)
	last := 0
	for r.Len() > 0 {
		start := r.Offset()
		id, _ := r.Byte()
		d.section = id
		size, err := r.U32()
		if err != nil {
			return d.fail(r.Offset(), fmt.Errorf("section size: %w", err))
		}
		body, err := r.Bytes(size)
		if err != nil {
			return d.fail(r.Offset(), fmt.Errorf("section of %d bytes: %w", size, err))
		}
		if id != SectionCustom {
			if int(id) >= len(sectionOrder) {
				return d.fail(start, fmt.Errorf("malformed section id %d", id))
			}
			if sectionOrder[id] <= last {
				return d.fail(start, errJunkAfterLast)
			}
			last = sectionOrder[id]
		}
		d.r.Reset(body, r.Offset()-len(body))
		if err := d.decodeSection(id); err != nil {
			return d.fail(d.r.LastOffset(), err)
		}
		if d.r.Len() != 0 {
			return d.fail(d.r.Offset(), errSectionSize)
		}
	}
	d.section = 0xFF
	if d.funcCount != 0 && !d.haveCode {
		return d.fail(len(b), errors.New("function and code section have inconsistent lengths"))
	}
	if d.m.DataCount != nil && *d.m.DataCount != uint32(len(d.m.Datas)) {
		return d.fail(len(b), errors.New("data count and data section have inconsistent lengths"))
	}
	return nil
}

func (d *decoder) decodeSection(id byte) error {
	switch id {
	case SectionCustom:
		return d.customSection()
	case SectionType:
		return d.typeSection()
	case SectionImport:
		return d.importSection()
	case SectionFunction:
		return d.functionSection()
	case SectionTable:
		return d.vector(1, func() error {
			t, err := d.tableType()
			d.m.Tables = append(d.m.Tables, t)
			return err
		})
	case SectionMemory:
		return d.vector(1, func() error {
			t, err := d.memoryType()
			d.m.Memories = append(d.m.Memories, t)
			return err
		})
	case SectionGlobal:
		return d.globalSection()
	case SectionExport:
		return d.exportSection()
	case SectionStart:
		idx, err := d.r.U32()
		d.m.Start = &idx
		return err
	case SectionElement:
		return d.elementSection()
	case SectionDataCount:
		n, err := d.r.U32()
		d.m.DataCount = &n
		return err
	case SectionCode:
		return d.codeSection()
	case SectionData:
		return d.dataSection()
	}
	return fmt.Errorf("malformed section id %d", id)
}

// vector reads a count and calls each once per element; minSize is the
// smallest encoding of one element in bytes.
func (d *decoder) vector(minSize int, each func() error) error {
	n, err := d.r.Count(minSize)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n; i++ {
		if err := each(); err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return nil
}
