package images

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
)

// The PVH boot protocol finds a kernel's 32-bit entry point in an ELF note
// named "Xen" of type XEN_ELFNOTE_PHYS32_ENTRY. The Go linker writes no
// such note, but it always writes one note segment, holding the Go build
// ID note; WritePVHNote turns that note, in place, into the PVH note, so
// no program header has to be added.
const (
	xenElfnotePhys32Entry = 18
	pvhNoteSize           = 12 + 4 + 8 // header, "Xen\0", 64-bit address
)

// WritePVHNote rewrites the Go build ID note of the ELF file at path into
// a PVH entry note naming entry, the symbol of the 32-bit entry point.
func WritePVHNote(path, entry string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := pvhNote(data, entry)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o755)
}

func pvhNote(data []byte, entry string) ([]byte, error) {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if f.Class != elf.ELFCLASS64 || f.Machine != elf.EM_X86_64 {
		return nil, fmt.Errorf("not an x86-64 ELF64 file")
	}
	syms, err := f.Symbols()
	if err != nil {
		return nil, fmt.Errorf("read symbols: %w", err)
	}
	var entryAddr uint64
	for _, s := range syms {
		if s.Name == entry {
			entryAddr = s.Value
		}
	}
	if entryAddr == 0 || entryAddr >= 1<<32 {
		return nil, fmt.Errorf("entry symbol %s missing or above 4 GiB (%#x)", entry, entryAddr)
	}
	sec := f.Section(".note.go.buildid")
	if sec == nil || sec.Size < pvhNoteSize {
		return nil, fmt.Errorf("no Go build ID note to turn into the PVH note")
	}
	progIndex := -1
	for i, p := range f.Progs {
		if p.Type == elf.PT_NOTE && p.Off == sec.Offset {
			progIndex = i
		}
	}
	if progIndex < 0 {
		return nil, fmt.Errorf("the build ID note has no note segment of its own")
	}
	out := bytes.Clone(data)
	le := binary.LittleEndian
	note := out[sec.Offset : sec.Offset+sec.Size]
	clear(note)
	le.PutUint32(note[0:], 4) // namesz
	le.PutUint32(note[4:], 8) // descsz
	le.PutUint32(note[8:], xenElfnotePhys32Entry)
	copy(note[12:], "Xen\x00")
	le.PutUint64(note[16:], entryAddr)

	// Shrink the segment and the section to the new note.
	phoff := le.Uint64(out[0x20:])
	phentsize := uint64(le.Uint16(out[0x36:]))
	ph := out[phoff+uint64(progIndex)*phentsize:]
	le.PutUint64(ph[32:], pvhNoteSize) // p_filesz
	le.PutUint64(ph[40:], pvhNoteSize) // p_memsz
	shoff := le.Uint64(out[0x28:])
	shentsize := uint64(le.Uint16(out[0x3A:]))
	for i, s := range f.Sections {
		if s == sec {
			le.PutUint64(out[shoff+uint64(i)*shentsize+32:], pvhNoteSize) // sh_size
		}
	}
	return out, nil
}
