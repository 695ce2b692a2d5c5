// Package objfile reads and writes wasmkernel's native modules: the output
// of ahead-of-time compilation that the kernel (or a Linux process) loads
// without a compiler.
//
// A native module is versioned and relocatable. It holds the target
// architecture and CPU features the code needs, the memory-safety mode the
// code was compiled for, the SHA-256 of the source WebAssembly module, the
// source module itself (for the structure instantiation needs: imports,
// exports, globals, segments), the machine code, the offset of each
// function in it and the relocations to apply when loading. A CRC-32C of
// everything before it ends the file, so truncation and corruption are
// caught before any byte is trusted.
//
// Layout (little endian):
//
//	magic "\x00wkn", version u16, arch u8, memory mode u8, features u64,
//	source sha256 [32]byte, then sections (id u8, length u32, payload),
//	then crc32c u32.
package objfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Magic opens every native module.
var Magic = [4]byte{0x00, 'w', 'k', 'n'}

// Version is the format version this package writes and reads. It also
// stands for the interface between the code and the engine (exec's
// context layout): version 2 reads a module's own globals from the
// context's DefinedGlobals; in version 3, amd64 loops check no epoch and
// the engine interrupts them by a signal (exec.Context.Interrupt).
const Version uint16 = 3

// Arch is a target instruction set.
type Arch uint8

// Architectures.
const (
	ArchAMD64 Arch = 1
	ArchARM64 Arch = 2
)

func (a Arch) String() string {
	switch a {
	case ArchAMD64:
		return "amd64"
	case ArchARM64:
		return "arm64"
	}
	return fmt.Sprintf("arch(%d)", uint8(a))
}

// ParseArch converts a GOARCH-style name.
func ParseArch(s string) (Arch, error) {
	switch s {
	case "amd64", "x86_64", "x86-64":
		return ArchAMD64, nil
	case "arm64", "aarch64":
		return ArchARM64, nil
	}
	return 0, fmt.Errorf("unknown target architecture %q (want amd64 or arm64)", s)
}

// MemoryMode is how compiled code keeps linear-memory accesses in bounds.
type MemoryMode uint8

// Memory modes.
const (
	BoundsChecked MemoryMode = 1 // explicit checks against the memory length
	GuardRegions  MemoryMode = 2 // a 4 GiB reservation plus guard pages
)

func (m MemoryMode) String() string {
	switch m {
	case BoundsChecked:
		return "bounds-checked"
	case GuardRegions:
		return "guard-regions"
	}
	return fmt.Sprintf("memory-mode(%d)", uint8(m))
}

// RelocKind is how a relocation patches the code.
type RelocKind uint8

// Relocation kinds.
const (
	RelocCallRel32 RelocKind = 1 // amd64: rel32 to a function's entry
	RelocCall26    RelocKind = 2 // arm64: BL imm26 to a function's entry
)

// Reloc patches the code at Offset to refer to function Func.
type Reloc struct {
	Offset uint32
	Kind   RelocKind
	Func   uint32 // index of the module-defined function targeted
	Addend int64
}

// Function is where one function's code lies and how large its stack
// frame is (below the return address), for stack traces.
type Function struct {
	Offset, Size, FrameSize uint32
}

// Module is a native module in memory.
type Module struct {
	Arch      Arch
	Memory    MemoryMode
	Features  uint64 // CPU features the code requires, per Arch
	SourceSHA [32]byte
	Source    []byte // the WebAssembly module
	Code      []byte
	Functions []Function
	Relocs    []Reloc
}

// Section IDs.
const (
	secSource    = 1
	secCode      = 2
	secFunctions = 3
	secRelocs    = 4
)

const headerSize = 4 + 2 + 1 + 1 + 8 + 32

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode serializes m.
func Encode(m *Module) []byte {
	var b bytes.Buffer
	// The exact size: the header, four sections (an id and a length
	// each), the tables, the checksum. Grown by writes, a module's bytes
	// would be copied several times over.
	b.Grow(headerSize + 4*5 + len(m.Source) + len(m.Code) + 4 + 12*len(m.Functions) + 4 + 17*len(m.Relocs) + 4)
	b.Write(Magic[:])
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, Version))
	b.WriteByte(byte(m.Arch))
	b.WriteByte(byte(m.Memory))
	b.Write(le.AppendUint64(nil, m.Features))
	b.Write(m.SourceSHA[:])
	section := func(id byte, payload []byte) {
		b.WriteByte(id)
		b.Write(le.AppendUint32(nil, uint32(len(payload))))
		b.Write(payload)
	}
	section(secSource, m.Source)
	section(secCode, m.Code)
	fns := le.AppendUint32(nil, uint32(len(m.Functions)))
	for _, f := range m.Functions {
		fns = le.AppendUint32(le.AppendUint32(le.AppendUint32(fns, f.Offset), f.Size), f.FrameSize)
	}
	section(secFunctions, fns)
	rel := le.AppendUint32(nil, uint32(len(m.Relocs)))
	for _, r := range m.Relocs {
		rel = le.AppendUint32(rel, r.Offset)
		rel = append(rel, byte(r.Kind))
		rel = le.AppendUint32(rel, r.Func)
		rel = le.AppendUint64(rel, uint64(r.Addend))
	}
	section(secRelocs, rel)
	b.Write(le.AppendUint32(nil, crc32.Checksum(b.Bytes(), castagnoli)))
	return b.Bytes()
}

// Errors of Decode, for errors.Is.
var (
	ErrNotNative = errors.New("not a wasmkernel native module")
	ErrCorrupt   = errors.New("corrupt native module")
	ErrVersion   = errors.New("unsupported native module version")
	ErrMismatch  = errors.New("native module does not match")
)

// Expect is what a loader requires of a native module.
type Expect struct {
	Arch     Arch
	Memory   MemoryMode // 0 accepts any mode
	Features uint64     // the features the CPU has
	// FeatureNames, when set, names features for the message that
	// refuses a module needing more than Features.
	FeatureNames func(uint64) string
}

// Decode parses and checks a native module: the magic, the checksum, the
// version, the sections, that the code targets exp.Arch with features the
// CPU has and exp.Memory, that every function and relocation lies inside
// the code, and that the embedded source matches its hash.
func Decode(b []byte, exp Expect) (*Module, error) {
	if len(b) < 4 || !bytes.Equal(b[:4], Magic[:]) {
		return nil, ErrNotNative
	}
	if len(b) < headerSize+4 {
		return nil, fmt.Errorf("%w: %d bytes is shorter than the header", ErrCorrupt, len(b))
	}
	le := binary.LittleEndian
	body, sum := b[:len(b)-4], le.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or damaged)", ErrCorrupt)
	}
	if v := le.Uint16(b[4:]); v != Version {
		return nil, fmt.Errorf("%w %d (this build reads version %d): recompile the module", ErrVersion, v, Version)
	}
	m := &Module{Arch: Arch(b[6]), Memory: MemoryMode(b[7]), Features: le.Uint64(b[8:])}
	copy(m.SourceSHA[:], b[16:48])
	if m.Arch != exp.Arch {
		return nil, fmt.Errorf("%w: compiled for %s, this machine is %s", ErrMismatch, m.Arch, exp.Arch)
	}
	if exp.Memory != 0 && m.Memory != exp.Memory {
		return nil, fmt.Errorf("%w: compiled for %s memory, the loader uses %s", ErrMismatch, m.Memory, exp.Memory)
	}
	if missing := m.Features &^ exp.Features; missing != 0 {
		name := fmt.Sprintf("0x%x", missing)
		if exp.FeatureNames != nil {
			name = exp.FeatureNames(missing)
		}
		return nil, fmt.Errorf("%w: the code needs CPU features %s that this CPU lacks (recompile it for this CPU or with -cpu baseline)", ErrMismatch, name)
	}
	if err := m.decodeSections(body[headerSize:]); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if sha256.Sum256(m.Source) != m.SourceSHA {
		return nil, fmt.Errorf("%w: the embedded source does not match its hash", ErrCorrupt)
	}
	return m, nil
}

func (m *Module) decodeSections(b []byte) error {
	le := binary.LittleEndian
	seen := map[byte]bool{}
	for len(b) > 0 {
		if len(b) < 5 {
			return errors.New("truncated section header")
		}
		id, n := b[0], le.Uint32(b[1:])
		b = b[5:]
		if uint64(n) > uint64(len(b)) {
			return fmt.Errorf("section %d of %d bytes overruns the file", id, n)
		}
		if seen[id] {
			return fmt.Errorf("duplicate section %d", id)
		}
		seen[id] = true
		payload := b[:n]
		b = b[n:]
		var err error
		switch id {
		case secSource:
			m.Source = payload
		case secCode:
			m.Code = payload
		case secFunctions:
			err = m.decodeFunctions(payload)
		case secRelocs:
			err = m.decodeRelocs(payload)
		default:
			err = fmt.Errorf("unknown section %d", id)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range []byte{secSource, secCode, secFunctions, secRelocs} {
		if !seen[id] {
			return fmt.Errorf("missing section %d", id)
		}
	}
	return m.checkBounds()
}

func (m *Module) decodeFunctions(p []byte) error {
	le := binary.LittleEndian
	if len(p) < 4 {
		return errors.New("truncated function table")
	}
	n := le.Uint32(p)
	if uint64(n)*12 != uint64(len(p)-4) {
		return fmt.Errorf("function table of %d entries has %d bytes", n, len(p)-4)
	}
	m.Functions = make([]Function, n)
	for i := range m.Functions {
		o := 4 + 12*i
		m.Functions[i] = Function{Offset: le.Uint32(p[o:]), Size: le.Uint32(p[o+4:]), FrameSize: le.Uint32(p[o+8:])}
	}
	return nil
}

const relocSize = 4 + 1 + 4 + 8

func (m *Module) decodeRelocs(p []byte) error {
	le := binary.LittleEndian
	if len(p) < 4 {
		return errors.New("truncated relocation table")
	}
	n := le.Uint32(p)
	if uint64(n)*relocSize != uint64(len(p)-4) {
		return fmt.Errorf("relocation table of %d entries has %d bytes", n, len(p)-4)
	}
	m.Relocs = make([]Reloc, n)
	for i := range m.Relocs {
		o := 4 + relocSize*i
		m.Relocs[i] = Reloc{Offset: le.Uint32(p[o:]), Kind: RelocKind(p[o+4]),
			Func: le.Uint32(p[o+5:]), Addend: int64(le.Uint64(p[o+9:]))}
	}
	return nil
}

// checkBounds verifies that functions and relocations lie inside the code.
func (m *Module) checkBounds() error {
	for i, f := range m.Functions {
		if uint64(f.Offset)+uint64(f.Size) > uint64(len(m.Code)) {
			return fmt.Errorf("function %d at %d+%d lies outside %d bytes of code", i, f.Offset, f.Size, len(m.Code))
		}
	}
	for i, r := range m.Relocs {
		if uint64(r.Offset)+4 > uint64(len(m.Code)) {
			return fmt.Errorf("relocation %d at %d lies outside the code", i, r.Offset)
		}
		if r.Func >= uint32(len(m.Functions)) {
			return fmt.Errorf("relocation %d names function %d of %d", i, r.Func, len(m.Functions))
		}
		if r.Kind != RelocCallRel32 && r.Kind != RelocCall26 {
			return fmt.Errorf("relocation %d has unknown kind %d", i, r.Kind)
		}
	}
	return nil
}
