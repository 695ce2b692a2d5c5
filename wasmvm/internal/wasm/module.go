// Package wasm is the in-memory model of a WebAssembly module and its
// validator. The binary decoder in package binary produces a *Module; Validate
// checks it against the validation rules of the WebAssembly Core
// Specification, Release 2.0 (plus the SIMD proposal, which is part of 2.0),
// with later proposals (extended constant expressions, tail calls) behind
// Features flags.
//
// Nothing here executes code: the compiler front end and the runtime build on
// a module that has passed Validate.
package wasm

// ValueType is a value type as encoded in the binary format.
type ValueType byte

// Value types (spec 5.3.1 and 5.3.3).
const (
	I32       ValueType = 0x7F
	I64       ValueType = 0x7E
	F32       ValueType = 0x7D
	F64       ValueType = 0x7C
	V128      ValueType = 0x7B
	FuncRef   ValueType = 0x70
	ExternRef ValueType = 0x6F
)

// String returns the text-format name of t.
func (t ValueType) String() string {
	switch t {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	case V128:
		return "v128"
	case FuncRef:
		return "funcref"
	case ExternRef:
		return "externref"
	case unknownType:
		return "unknown"
	}
	return "invalid"
}

// IsRef reports whether t is a reference type.
func (t ValueType) IsRef() bool { return t == FuncRef || t == ExternRef }

// FuncType is a function signature.
type FuncType struct {
	Params  []ValueType
	Results []ValueType
}

// Equal reports whether two function types are the same.
func (f *FuncType) Equal(o *FuncType) bool {
	return sameTypes(f.Params, o.Params) && sameTypes(f.Results, o.Results)
}

// String renders the signature as "(i32, i64) -> (f32)".
func (f *FuncType) String() string {
	return "(" + typeList(f.Params) + ") -> (" + typeList(f.Results) + ")"
}

func typeList(ts []ValueType) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		s += t.String()
	}
	return s
}

func sameTypes(a, b []ValueType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Limits bounds the size of a memory (in 64 KiB pages) or a table (in
// elements).
type Limits struct {
	Min    uint64
	Max    uint64
	HasMax bool
}

// TableType is the type of a table.
type TableType struct {
	Elem   ValueType
	Limits Limits
}

// MemoryType is the type of a linear memory.
type MemoryType struct {
	Limits Limits
}

// GlobalType is the type of a global variable.
type GlobalType struct {
	Type    ValueType
	Mutable bool
}

// ExternKind says what an import or export refers to.
type ExternKind byte

// Extern kinds (spec 5.5.5).
const (
	ExternFunc   ExternKind = 0
	ExternTable  ExternKind = 1
	ExternMemory ExternKind = 2
	ExternGlobal ExternKind = 3
)

// String returns the text-format keyword of k.
func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "func"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	}
	return "invalid"
}

// Import is one entry of the import section. Exactly one of the type fields
// is meaningful, as selected by Kind.
type Import struct {
	Module, Name string
	Kind         ExternKind
	TypeIndex    uint32 // ExternFunc
	Table        TableType
	Memory       MemoryType
	Global       GlobalType
}

// Export is one entry of the export section.
type Export struct {
	Name  string
	Kind  ExternKind
	Index uint32
}

// ConstExpr is a constant expression, kept in its binary form including the
// final end opcode. Offset is its position in the module binary.
type ConstExpr struct {
	Code   []byte
	Offset int
}

// Global is a module-defined global variable.
type Global struct {
	Type GlobalType
	Init ConstExpr
}

// SegmentMode says when an element or data segment is applied.
type SegmentMode byte

// Segment modes.
const (
	SegmentActive SegmentMode = iota
	SegmentPassive
	SegmentDeclarative
)

// Element is an element segment. Init holds one constant expression per
// element; segments written as function indices are stored as ref.func
// expressions so that every consumer handles one form.
type Element struct {
	Mode   SegmentMode
	Table  uint32
	Offset ConstExpr
	Type   ValueType
	Init   []ConstExpr
}

// Data is a data segment.
type Data struct {
	Mode   SegmentMode // SegmentActive or SegmentPassive
	Memory uint32
	Offset ConstExpr
	Init   []byte
}

// LocalDecl declares Count locals of one type.
type LocalDecl struct {
	Count uint32
	Type  ValueType
}

// Code is the body of a module-defined function.
type Code struct {
	Locals    []LocalDecl
	NumLocals uint32 // sum of the counts in Locals
	Body      []byte // the instructions, ending with the end opcode
	Offset    int    // offset of Body in the module binary
}

// LocalType returns the type of local i counted after the parameters.
func (c *Code) LocalType(i uint32) ValueType {
	for _, d := range c.Locals {
		if i < d.Count {
			return d.Type
		}
		i -= d.Count
	}
	return unknownType
}

// CustomSection is a custom section other than a well-formed "name" section.
type CustomSection struct {
	Name   string
	Data   []byte
	Offset int
}

// Names is the content of the "name" custom section.
type Names struct {
	Module    string
	Functions map[uint32]string
	Locals    map[uint32]map[uint32]string
}

// Module is a decoded WebAssembly module.
type Module struct {
	Types     []FuncType
	Imports   []Import
	Functions []uint32 // type index of each module-defined function
	Tables    []TableType
	Memories  []MemoryType
	Globals   []Global
	Exports   []Export
	Start     *uint32
	Elements  []Element
	DataCount *uint32
	Codes     []Code
	Datas     []Data
	Customs   []CustomSection
	Names     *Names

	// Counts of imports per kind, filled by the decoder.
	NumImportedFuncs, NumImportedTables, NumImportedMemories, NumImportedGlobals uint32

	// BodiesValidated is set by a successful Validate (not
	// ValidateDeclarations); TailCalls then says whether a function body
	// uses return_call or return_call_indirect, so that compilers need
	// not decode every body again to find out.
	BodiesValidated, TailCalls bool
}

// NumFuncs is the size of the function index space.
func (m *Module) NumFuncs() uint32 { return m.NumImportedFuncs + uint32(len(m.Functions)) }

// NumTables is the size of the table index space.
func (m *Module) NumTables() uint32 { return m.NumImportedTables + uint32(len(m.Tables)) }

// NumMemories is the size of the memory index space.
func (m *Module) NumMemories() uint32 { return m.NumImportedMemories + uint32(len(m.Memories)) }

// NumGlobals is the size of the global index space.
func (m *Module) NumGlobals() uint32 { return m.NumImportedGlobals + uint32(len(m.Globals)) }

// FuncTypeIndex returns the type index of function idx in the function index
// space. ok is false when idx is out of range.
func (m *Module) FuncTypeIndex(idx uint32) (typeIdx uint32, ok bool) {
	if idx < m.NumImportedFuncs {
		n := uint32(0)
		for i := range m.Imports {
			if m.Imports[i].Kind == ExternFunc {
				if n == idx {
					return m.Imports[i].TypeIndex, true
				}
				n++
			}
		}
		return 0, false
	}
	idx -= m.NumImportedFuncs
	if idx >= uint32(len(m.Functions)) {
		return 0, false
	}
	return m.Functions[idx], true
}

// TableAt returns the type of table idx in the table index space.
func (m *Module) TableAt(idx uint32) (TableType, bool) {
	if idx < m.NumImportedTables {
		return m.nthImport(ExternTable, idx).Table, true
	}
	idx -= m.NumImportedTables
	if idx >= uint32(len(m.Tables)) {
		return TableType{}, false
	}
	return m.Tables[idx], true
}

// MemoryAt returns the type of memory idx in the memory index space.
func (m *Module) MemoryAt(idx uint32) (MemoryType, bool) {
	if idx < m.NumImportedMemories {
		return m.nthImport(ExternMemory, idx).Memory, true
	}
	idx -= m.NumImportedMemories
	if idx >= uint32(len(m.Memories)) {
		return MemoryType{}, false
	}
	return m.Memories[idx], true
}

// GlobalAt returns the type of global idx in the global index space and
// whether it is imported.
func (m *Module) GlobalAt(idx uint32) (t GlobalType, imported, ok bool) {
	if idx < m.NumImportedGlobals {
		return m.nthImport(ExternGlobal, idx).Global, true, true
	}
	idx -= m.NumImportedGlobals
	if idx >= uint32(len(m.Globals)) {
		return GlobalType{}, false, false
	}
	return m.Globals[idx].Type, false, true
}

func (m *Module) nthImport(kind ExternKind, n uint32) *Import {
	for i := range m.Imports {
		if m.Imports[i].Kind == kind {
			if n == 0 {
				return &m.Imports[i]
			}
			n--
		}
	}
	return nil
}

// FuncName returns the name-section name of function idx, or "".
func (m *Module) FuncName(idx uint32) string {
	if m.Names == nil {
		return ""
	}
	return m.Names.Functions[idx]
}
