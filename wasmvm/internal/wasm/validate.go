package wasm

import (
	"errors"
	"fmt"
)

// unknownType is the type of an operand popped from the polymorphic stack of
// unreachable code: it matches every type.
const unknownType ValueType = 0

// Features selects the proposals beyond WebAssembly 2.0 that the validator
// accepts.
type Features struct {
	// MVP restricts validation to WebAssembly 1.0: at most one result per
	// function and block, and at most one table.
	MVP bool

	ExtendedConst bool // extended constant expressions
	TailCall      bool // return_call, return_call_indirect
}

// Implementation limits (spec appendix A.1).
const (
	MaxMemoryPages = 65536 // 4 GiB of 32-bit linear memory
	MaxTableSize   = 1<<32 - 1
)

// MaxInstancePages is the most pages a memory of an instance may have: one
// page short of the 4 GiB a module may declare (MaxMemoryPages, which
// validation accepts), as an implementation may limit the memory it gives.
// The compiler relies on it: an address an access has used lies below
// 4 GiB - 64 KiB, so adding up to 64 KiB to it cannot wrap around, and the
// sum can be the access's static offset instead (opt.foldAddressSum;
// RATIONALE: "Why may a memory have at most 65535 pages?").
const MaxInstancePages = MaxMemoryPages - 1

// ValidationError is a validation failure: what is wrong, where in the module
// and, for code, in which function.
type ValidationError struct {
	Where  string // "function 3", "global 0", "export \"f\"", ...
	Offset int    // module offset of the offending construct, when known
	Err    error
}

func (e *ValidationError) Error() string {
	if e.Offset > 0 {
		return fmt.Sprintf("invalid module: %s: offset 0x%x: %v", e.Where, e.Offset, e.Err)
	}
	return fmt.Sprintf("invalid module: %s: %v", e.Where, e.Err)
}

func (e *ValidationError) Unwrap() error { return e.Err }

func invalid(offset int, where string, format string, args ...any) error {
	return &ValidationError{Where: where, Offset: offset, Err: fmt.Errorf(format, args...)}
}

// Validate checks m against the validation rules of the specification.
// On success it records in m whether the bodies use tail calls
// (Module.BodiesValidated, Module.TailCalls).
func Validate(m *Module, f Features) error {
	m.BodiesValidated, m.TailCalls = false, false
	v := &validator{m: m, features: f}
	if err := v.module(); err != nil {
		return err
	}
	m.BodiesValidated, m.TailCalls = true, v.tailCalls
	return nil
}

// ValidateDeclarations checks what Validate checks except the function
// bodies: for the source a native module embeds, whose bodies were
// validated when it was compiled and are not what runs.
func ValidateDeclarations(m *Module, f Features) error {
	v := &validator{m: m, features: f, declarationsOnly: true}
	return v.module()
}

type validator struct {
	m                *Module
	features         Features
	declarationsOnly bool     // leave the function bodies unchecked
	funcs            []uint32 // type index per function index
	globals          []GlobalType
	tables           []TableType
	refs             map[uint32]bool // C.refs: functions referenced outside code
	fv               funcValidator
	tailCalls        bool // a body has return_call or return_call_indirect
}

func (v *validator) module() error {
	m := v.m
	for i, im := range m.Imports {
		where := fmt.Sprintf("import %d (%q.%q)", i, im.Module, im.Name)
		switch im.Kind {
		case ExternFunc:
			if im.TypeIndex >= uint32(len(m.Types)) {
				return invalid(0, where, "unknown type %d", im.TypeIndex)
			}
			v.funcs = append(v.funcs, im.TypeIndex)
		case ExternTable:
			if err := checkTableLimits(im.Table.Limits); err != nil {
				return invalid(0, where, "%w", err)
			}
			v.tables = append(v.tables, im.Table)
		case ExternMemory:
			if err := checkMemoryLimits(im.Memory.Limits); err != nil {
				return invalid(0, where, "%w", err)
			}
		case ExternGlobal:
			v.globals = append(v.globals, im.Global)
		}
	}
	for i, t := range m.Functions {
		if t >= uint32(len(m.Types)) {
			return invalid(0, fmt.Sprintf("function %d", m.NumImportedFuncs+uint32(i)), "unknown type %d", t)
		}
		v.funcs = append(v.funcs, t)
	}
	if v.features.MVP {
		if err := v.mvpOnly(); err != nil {
			return err
		}
	}
	for i, t := range m.Tables {
		if err := checkTableLimits(t.Limits); err != nil {
			return invalid(0, fmt.Sprintf("table %d", i), "%w", err)
		}
		v.tables = append(v.tables, t)
	}
	for i, mem := range m.Memories {
		if err := checkMemoryLimits(mem.Limits); err != nil {
			return invalid(0, fmt.Sprintf("memory %d", i), "%w", err)
		}
	}
	if m.NumMemories() > 1 {
		return invalid(0, "memories", "multiple memories")
	}
	v.collectRefs()
	imported := len(v.globals)
	for i := range m.Globals {
		g := &m.Globals[i]
		where := fmt.Sprintf("global %d", imported+i)
		// Global initializers see only the imported globals (and, with
		// extended constant expressions, the globals defined before them).
		visible := imported
		if v.features.ExtendedConst {
			visible = imported + i
		}
		if err := v.constExpr(g.Init, g.Type.Type, visible); err != nil {
			return invalid(g.Init.Offset, where, "%w", err)
		}
		v.globals = append(v.globals, g.Type)
	}
	if err := v.exports(); err != nil {
		return err
	}
	if m.Start != nil {
		if err := v.start(*m.Start); err != nil {
			return err
		}
	}
	// Segment offsets, like global initializers, read imported globals
	// only; extended constant expressions may read every global.
	segmentGlobals := imported
	if v.features.ExtendedConst {
		segmentGlobals = len(v.globals)
	}
	for i := range m.Elements {
		if err := v.element(i, segmentGlobals); err != nil {
			return err
		}
	}
	for i := range m.Datas {
		d := &m.Datas[i]
		if d.Mode != SegmentActive {
			continue
		}
		where := fmt.Sprintf("data segment %d", i)
		if d.Memory >= m.NumMemories() {
			return invalid(d.Offset.Offset, where, "unknown memory %d", d.Memory)
		}
		if err := v.constExpr(d.Offset, I32, segmentGlobals); err != nil {
			return invalid(d.Offset.Offset, where, "%w", err)
		}
	}
	if v.declarationsOnly {
		return nil
	}
	for i := range m.Codes {
		idx := m.NumImportedFuncs + uint32(i)
		if err := v.fv.validate(v, idx, &m.Codes[i]); err != nil {
			return &ValidationError{Where: fmt.Sprintf("function %d", idx), Offset: v.fv.offset, Err: err}
		}
	}
	return nil
}

func checkTableLimits(l Limits) error {
	if l.HasMax && l.Min > l.Max {
		return errors.New("size minimum must not be greater than maximum")
	}
	return nil
}

func checkMemoryLimits(l Limits) error {
	if l.Min > MaxMemoryPages {
		return errors.New("memory size must be at most 65536 pages (4GiB)")
	}
	if l.HasMax {
		if l.Max > MaxMemoryPages {
			return errors.New("memory size must be at most 65536 pages (4GiB)")
		}
		if l.Min > l.Max {
			return errors.New("size minimum must not be greater than maximum")
		}
	}
	return nil
}

// collectRefs computes C.refs: the functions that ref.func may name in code,
// which are those referenced by element segments, global initializers and
// exports.
func (v *validator) collectRefs() {
	v.refs = map[uint32]bool{}
	scan := func(e ConstExpr) {
		r := NewReader(e.Code, e.Offset)
		var in Instr
		for r.Len() > 0 && r.ReadInstr(&in) == nil {
			if in.Op == OpRefFunc {
				v.refs[in.Index] = true
			}
		}
	}
	for i := range v.m.Globals {
		scan(v.m.Globals[i].Init)
	}
	for i := range v.m.Elements {
		for _, e := range v.m.Elements[i].Init {
			scan(e)
		}
	}
	for _, e := range v.m.Exports {
		if e.Kind == ExternFunc {
			v.refs[e.Index] = true
		}
	}
}

func (v *validator) exports() error {
	seen := make(map[string]bool, len(v.m.Exports))
	for _, e := range v.m.Exports {
		where := fmt.Sprintf("export %q", e.Name)
		if seen[e.Name] {
			return invalid(0, where, "duplicate export name")
		}
		seen[e.Name] = true
		var n uint32
		switch e.Kind {
		case ExternFunc:
			n = uint32(len(v.funcs))
		case ExternTable:
			n = uint32(len(v.tables))
		case ExternMemory:
			n = v.m.NumMemories()
		case ExternGlobal:
			n = uint32(len(v.globals))
		}
		if e.Index >= n {
			return invalid(0, where, "unknown %s %d", e.Kind, e.Index)
		}
	}
	return nil
}

func (v *validator) start(idx uint32) error {
	if idx >= uint32(len(v.funcs)) {
		return invalid(0, "start", "unknown function %d", idx)
	}
	t := &v.m.Types[v.funcs[idx]]
	if len(t.Params) != 0 || len(t.Results) != 0 {
		return invalid(0, "start", "start function must have type [] -> [], has %s", t)
	}
	return nil
}

func (v *validator) element(i, visibleGlobals int) error {
	el := &v.m.Elements[i]
	where := fmt.Sprintf("element segment %d", i)
	for _, e := range el.Init {
		if err := v.constExpr(e, el.Type, visibleGlobals); err != nil {
			return invalid(e.Offset, where, "%w", err)
		}
	}
	if el.Mode != SegmentActive {
		return nil
	}
	if el.Table >= uint32(len(v.tables)) {
		return invalid(el.Offset.Offset, where, "unknown table %d", el.Table)
	}
	if tt := v.tables[el.Table].Elem; tt != el.Type {
		return invalid(el.Offset.Offset, where, "type mismatch: segment of %s for a table of %s", el.Type, tt)
	}
	if err := v.constExpr(el.Offset, I32, visibleGlobals); err != nil {
		return invalid(el.Offset.Offset, where, "%w", err)
	}
	return nil
}

// constExpr validates a constant expression of type want; globals below
// visible may be read by global.get.
func (v *validator) constExpr(e ConstExpr, want ValueType, visible int) error {
	r := NewReader(e.Code, e.Offset)
	var in Instr
	var stack []ValueType
	pop2 := func(t ValueType) error {
		if len(stack) < 2 || stack[len(stack)-1] != t || stack[len(stack)-2] != t {
			return errors.New("type mismatch in constant expression")
		}
		stack = stack[:len(stack)-1]
		return nil
	}
	for {
		if err := r.ReadInstr(&in); err != nil {
			return err
		}
		switch in.Op {
		case OpI32Const:
			stack = append(stack, I32)
		case OpI64Const:
			stack = append(stack, I64)
		case OpF32Const:
			stack = append(stack, F32)
		case OpF64Const:
			stack = append(stack, F64)
		case OpRefNull:
			t := ValueType(in.Index)
			if !t.IsRef() {
				return fmt.Errorf("malformed reference type 0x%02x", in.Index)
			}
			stack = append(stack, t)
		case OpRefFunc:
			if in.Index >= uint32(len(v.funcs)) {
				return fmt.Errorf("unknown function %d", in.Index)
			}
			stack = append(stack, FuncRef)
		case OpGlobalGet:
			if in.Index >= uint32(visible) {
				return fmt.Errorf("unknown global %d", in.Index)
			}
			g := v.globals[in.Index]
			if g.Mutable {
				return fmt.Errorf("constant expression required: global %d is mutable", in.Index)
			}
			stack = append(stack, g.Type)
		case OpI32Add, OpI32Sub, OpI32Mul, OpI64Add, OpI64Sub, OpI64Mul:
			if !v.features.ExtendedConst {
				return errors.New("constant expression required")
			}
			if err := pop2(NumericSigs[in.Op].Out); err != nil {
				return err
			}
		case OpPrefixSIMD:
			if in.Sub != 0x0C {
				return errors.New("constant expression required")
			}
			stack = append(stack, V128)
		case OpEnd:
			if len(stack) != 1 || stack[0] != want {
				return fmt.Errorf("type mismatch: constant expression has type [%s], want [%s]", typeList(stack), want)
			}
			if r.Len() != 0 {
				return errors.New("constant expression has content after end")
			}
			return nil
		default:
			return errors.New("constant expression required")
		}
	}
}

// mvpOnly rejects what WebAssembly 1.0 does not have.
func (v *validator) mvpOnly() error {
	for i, t := range v.m.Types {
		if len(t.Results) > 1 {
			return invalid(0, fmt.Sprintf("type %d", i), "invalid result arity")
		}
	}
	if v.m.NumTables() > 1 {
		return invalid(0, "tables", "multiple tables")
	}
	return nil
}
