package binary

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// customSection reads a custom section. A well-formed "name" section fills
// Module.Names; any other custom section, or a name section whose content
// is malformed (custom sections are never an error, spec 7.4), is kept in
// Module.Customs.
func (d *decoder) customSection() error {
	offset := d.r.Offset()
	name, err := d.r.Name()
	if err != nil {
		return fmt.Errorf("custom section name: %w", err)
	}
	data, _ := d.r.Bytes(uint32(d.r.Len()))
	if name == "name" && d.m.Names == nil {
		if names, err := decodeNames(data, d.r.Offset()-len(data)); err == nil {
			d.m.Names = names
			return nil
		}
	}
	d.m.Customs = append(d.m.Customs, wasm.CustomSection{Name: name, Data: data, Offset: offset})
	return nil
}

// Name subsection IDs (spec 7.4.1).
const (
	nameModule   = 0
	nameFunction = 1
	nameLocal    = 2
)

func decodeNames(b []byte, base int) (*wasm.Names, error) {
	names := &wasm.Names{}
	r := wasm.NewReader(b, base)
	for r.Len() > 0 {
		id, _ := r.Byte()
		size, err := r.U32()
		if err != nil {
			return nil, err
		}
		sub, err := r.Bytes(size)
		if err != nil {
			return nil, err
		}
		sr := wasm.NewReader(sub, r.Offset()-len(sub))
		switch id {
		case nameModule:
			names.Module, err = sr.Name()
		case nameFunction:
			names.Functions, err = nameMap(sr)
		case nameLocal:
			names.Locals, err = indirectNameMap(sr)
		default:
			continue // extended-name-section subsections are not used
		}
		if err != nil {
			return nil, err
		}
		if sr.Len() != 0 {
			return nil, fmt.Errorf("name subsection %d: %w", id, errSectionSize)
		}
	}
	return names, nil
}

func nameMap(r *wasm.Reader) (map[uint32]string, error) {
	n, err := r.Count(2)
	if err != nil {
		return nil, err
	}
	m := make(map[uint32]string, n)
	for i := uint32(0); i < n; i++ {
		idx, err := r.U32()
		if err != nil {
			return nil, err
		}
		if m[idx], err = r.Name(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func indirectNameMap(r *wasm.Reader) (map[uint32]map[uint32]string, error) {
	n, err := r.Count(2)
	if err != nil {
		return nil, err
	}
	m := make(map[uint32]map[uint32]string, n)
	for i := uint32(0); i < n; i++ {
		idx, err := r.U32()
		if err != nil {
			return nil, err
		}
		if m[idx], err = nameMap(r); err != nil {
			return nil, err
		}
	}
	return m, nil
}
