package wasmvm

import (
	"crypto/sha256"
	"fmt"
	"sync"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// Module is a decoded and validated WebAssembly module.
type Module struct {
	m   *wasm.Module
	src []byte
	// sha256 returns the hash of src, computed at its first call: a
	// compile hashes the source for the native module anyway, and the
	// hash of a large module is not free (about 0.3 ms for 350 KB).
	sha256 func() [32]byte
}

// ParseModule decodes and validates a WebAssembly 2.0 binary module.
// Errors name the section or function and the offset of the problem.
func ParseModule(b []byte) (*Module, error) {
	m, err := binary.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := wasm.Validate(m, wasm.Features{}); err != nil {
		return nil, err
	}
	return &Module{m: m, src: b, sha256: sync.OnceValue(func() [32]byte { return sha256.Sum256(b) })}, nil
}

// parseCompiledSource decodes the WebAssembly module a native module
// embeds, whose hash Decode has checked against sha: its declarations
// are validated, its function bodies were when it was compiled.
func parseCompiledSource(b []byte, sha [32]byte) (*Module, error) {
	m, err := binary.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := wasm.ValidateDeclarations(m, wasm.Features{}); err != nil {
		return nil, err
	}
	return &Module{m: m, src: b, sha256: func() [32]byte { return sha }}, nil
}

// Size is the size of the module binary in bytes.
func (m *Module) Size() int { return len(m.src) }

// SHA256 is the hash of the module binary.
func (m *Module) SHA256() [32]byte { return m.sha256() }

// Name is the module name from the name section, or "".
func (m *Module) Name() string {
	if m.m.Names == nil {
		return ""
	}
	return m.m.Names.Module
}

// ImportInfo describes one import.
type ImportInfo struct {
	Module, Name string
	Kind         string // func, table, memory or global
	Type         string // the signature, limits or value type
}

// Imports lists the module's imports in order.
func (m *Module) Imports() []ImportInfo {
	out := make([]ImportInfo, 0, len(m.m.Imports))
	for _, im := range m.m.Imports {
		info := ImportInfo{Module: im.Module, Name: im.Name, Kind: im.Kind.String()}
		switch im.Kind {
		case wasm.ExternFunc:
			info.Type = m.m.Types[im.TypeIndex].String()
		case wasm.ExternTable:
			info.Type = tableString(im.Table)
		case wasm.ExternMemory:
			info.Type = limitsString(im.Memory.Limits, "pages")
		case wasm.ExternGlobal:
			info.Type = globalString(im.Global)
		}
		out = append(out, info)
	}
	return out
}

// ExportInfo describes one export.
type ExportInfo struct {
	Name  string
	Kind  string
	Index uint32
}

// Exports lists the module's exports in order.
func (m *Module) Exports() []ExportInfo {
	out := make([]ExportInfo, 0, len(m.m.Exports))
	for _, e := range m.m.Exports {
		out = append(out, ExportInfo{Name: e.Name, Kind: e.Kind.String(), Index: e.Index})
	}
	return out
}

// FunctionInfo describes one module-defined function.
type FunctionInfo struct {
	Index    uint32 // in the function index space
	Name     string // from the name section, or ""
	Type     string
	Locals   uint32 // declared locals, parameters excluded
	CodeSize int    // body size in bytes
}

// Functions lists the module-defined functions.
func (m *Module) Functions() []FunctionInfo {
	out := make([]FunctionInfo, 0, len(m.m.Codes))
	for i := range m.m.Codes {
		idx := m.m.NumImportedFuncs + uint32(i)
		c := &m.m.Codes[i]
		out = append(out, FunctionInfo{
			Index: idx, Name: m.m.FuncName(idx), Type: m.m.Types[m.m.Functions[i]].String(),
			Locals: c.NumLocals, CodeSize: len(c.Body),
		})
	}
	return out
}

// NumImportedFunctions is the number of imported functions.
func (m *Module) NumImportedFunctions() int { return int(m.m.NumImportedFuncs) }

// Memories describes the module-defined memories.
func (m *Module) Memories() []string {
	out := make([]string, 0, len(m.m.Memories))
	for _, mem := range m.m.Memories {
		out = append(out, limitsString(mem.Limits, "pages"))
	}
	return out
}

// Tables describes the module-defined tables.
func (m *Module) Tables() []string {
	out := make([]string, 0, len(m.m.Tables))
	for _, t := range m.m.Tables {
		out = append(out, tableString(t))
	}
	return out
}

// Globals describes the module-defined globals.
func (m *Module) Globals() []string {
	out := make([]string, 0, len(m.m.Globals))
	for _, g := range m.m.Globals {
		out = append(out, globalString(g.Type))
	}
	return out
}

// SectionInfo describes a custom section.
type SectionInfo struct {
	Name string
	Size int
}

// CustomSections lists the custom sections; a decoded name section is
// listed as "name".
func (m *Module) CustomSections() []SectionInfo {
	var out []SectionInfo
	if m.m.Names != nil {
		out = append(out, SectionInfo{Name: "name (decoded)"})
	}
	for _, c := range m.m.Customs {
		out = append(out, SectionInfo{Name: c.Name, Size: len(c.Data)})
	}
	return out
}

// Segments reports the number of element and data segments.
func (m *Module) Segments() (elements, datas int) { return len(m.m.Elements), len(m.m.Datas) }

// Start is the start function's index, if the module has one.
func (m *Module) Start() (uint32, bool) {
	if m.m.Start == nil {
		return 0, false
	}
	return *m.m.Start, true
}

func limitsString(l wasm.Limits, unit string) string {
	if l.HasMax {
		return fmt.Sprintf("min %d %s, max %d", l.Min, unit, l.Max)
	}
	return fmt.Sprintf("min %d %s, no max", l.Min, unit)
}

func tableString(t wasm.TableType) string {
	return t.Elem.String() + ", " + limitsString(t.Limits, "elements")
}

func globalString(g wasm.GlobalType) string {
	if g.Mutable {
		return "mut " + g.Type.String()
	}
	return g.Type.String()
}
