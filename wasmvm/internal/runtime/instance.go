package runtime

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Options select instantiation semantics.
type Options struct {
	// GuardedMemory creates memories in the guard-region mode and
	// refuses to import memories that are not: code compiled for guard
	// regions does no bounds checks.
	GuardedMemory bool

	// MVPSegments applies WebAssembly 1.0 semantics: every active
	// segment is checked to fit before any is written, and one that does
	// not is a link error. (2.0 writes them in order and traps.)
	MVPSegments bool
}

// Extern is an importable or exported object.
type Extern struct {
	Kind   wasm.ExternKind
	Func   *Function
	Table  *Table
	Memory *Memory
	Global *Global
}

// Resolver finds the object an import names.
type Resolver interface {
	Resolve(module, name string) (Extern, bool)
}

// Instance is an instantiated module.
type Instance struct {
	Name     string
	Module   *wasm.Module
	Store    *Store
	Engine   Engine
	Prepared any // the engine's form of the module
	Funcs    []*Function
	Memory   *Memory // nil without a memory
	Tables   []*Table
	Globals  []*Global
	// DefinedGlobals holds the cells of the module's own globals in one
	// array: Globals[NumImportedGlobals+i] is &DefinedGlobals[i], so
	// compiled code finds them from one base address.
	DefinedGlobals []Global
	Exports        map[string]Extern
	// Elems and Datas hold the segments' contents; a dropped segment is
	// nil.
	Elems [][]Ref
	Datas [][]byte
}

// Instantiate creates an instance of m: it resolves the imports, creates
// the module's memories, tables and globals, applies the active segments
// and runs the start function. prepared is what engine.Prepare returned
// for m. A trap during segment initialization or in the start function is
// returned as a *Trap; the instance is returned with it, since its
// effects on imported objects remain.
func Instantiate(store *Store, engine Engine, prepared any, m *wasm.Module, name string, imports Resolver, opts Options) (*Instance, error) {
	inst := &Instance{Name: name, Module: m, Store: store, Engine: engine, Prepared: prepared, Exports: map[string]Extern{}}
	if err := inst.link(imports); err != nil {
		return nil, err
	}
	for i := range m.Functions {
		idx := m.NumImportedFuncs + uint32(i)
		f := &Function{Type: m.Types[m.Functions[i]], Instance: inst, Index: idx, Name: m.FuncName(idx)}
		store.AddFunction(f)
		inst.Funcs = append(inst.Funcs, f)
	}
	for _, t := range m.Tables {
		inst.Tables = append(inst.Tables, NewTable(t))
	}
	for _, mt := range m.Memories {
		if mt.Limits.Min > wasm.MaxInstancePages {
			return nil, fmt.Errorf("memory of %d pages: more than the %d an instance may have", mt.Limits.Min, wasm.MaxInstancePages)
		}
		if opts.GuardedMemory {
			mem, err := NewGuardedMemory(mt)
			if err != nil {
				return nil, err
			}
			inst.Memory = mem
		} else {
			inst.Memory = NewMemory(mt)
		}
	}
	if opts.GuardedMemory && inst.Memory != nil && !inst.Memory.Guarded() {
		return nil, fmt.Errorf("%w: imported memory is not guard-region backed, as this code requires", ErrLink)
	}
	inst.DefinedGlobals = make([]Global, len(m.Globals))
	for i := range m.Globals {
		g := &m.Globals[i]
		lo, hi, err := inst.EvalConst(g.Init)
		if err != nil {
			return nil, fmt.Errorf("global %d: %w", len(inst.Globals), err)
		}
		cell := &inst.DefinedGlobals[i]
		*cell = Global{Type: g.Type, Lo: lo, Hi: hi}
		inst.Globals = append(inst.Globals, cell)
	}
	for _, e := range m.Exports {
		inst.Exports[e.Name] = inst.extern(e.Kind, e.Index)
	}
	if obs, ok := engine.(InstanceObserver); ok {
		if err := obs.Instantiated(inst); err != nil {
			return nil, err
		}
	}
	if opts.MVPSegments {
		if err := inst.checkSegmentsFit(); err != nil {
			return nil, err
		}
	}
	if err := inst.initSegments(); err != nil {
		return inst, err
	}
	if m.Start != nil {
		f := inst.Funcs[*m.Start]
		if _, err := inst.Call(f, nil); err != nil {
			return inst, err
		}
	}
	return inst, nil
}

func (inst *Instance) extern(kind wasm.ExternKind, idx uint32) Extern {
	e := Extern{Kind: kind}
	switch kind {
	case wasm.ExternFunc:
		e.Func = inst.Funcs[idx]
	case wasm.ExternTable:
		e.Table = inst.Tables[idx]
	case wasm.ExternMemory:
		e.Memory = inst.Memory
	case wasm.ExternGlobal:
		e.Global = inst.Globals[idx]
	}
	return e
}

// link resolves and type-checks the imports (spec 4.5.4 "instantiation",
// import matching 4.5.3).
func (inst *Instance) link(imports Resolver) error {
	m := inst.Module
	for _, im := range m.Imports {
		var ext Extern
		ok := false
		if imports != nil {
			ext, ok = imports.Resolve(im.Module, im.Name)
		}
		if !ok {
			return fmt.Errorf("%w: unknown import %q.%q", ErrLink, im.Module, im.Name)
		}
		if ext.Kind != im.Kind {
			return fmt.Errorf("%w: incompatible import type for %q.%q: want %s, got %s", ErrLink, im.Module, im.Name, im.Kind, ext.Kind)
		}
		if err := matchImport(m, &im, ext); err != nil {
			return fmt.Errorf("%w: incompatible import type for %q.%q: %v", ErrLink, im.Module, im.Name, err)
		}
		switch im.Kind {
		case wasm.ExternFunc:
			inst.Funcs = append(inst.Funcs, ext.Func)
		case wasm.ExternTable:
			inst.Tables = append(inst.Tables, ext.Table)
		case wasm.ExternMemory:
			inst.Memory = ext.Memory
		case wasm.ExternGlobal:
			inst.Globals = append(inst.Globals, ext.Global)
		}
	}
	return nil
}

func matchImport(m *wasm.Module, im *wasm.Import, ext Extern) error {
	switch im.Kind {
	case wasm.ExternFunc:
		want := &m.Types[im.TypeIndex]
		if !want.Equal(&ext.Func.Type) {
			return fmt.Errorf("function type %s, want %s", ext.Func.Type.String(), want)
		}
	case wasm.ExternTable:
		if ext.Table.Type.Elem != im.Table.Elem {
			return fmt.Errorf("table of %s, want %s", ext.Table.Type.Elem, im.Table.Elem)
		}
		return matchLimits(uint64(len(ext.Table.Elems)), ext.Table.Max, ext.Table.Type.Limits.HasMax, im.Table.Limits)
	case wasm.ExternMemory:
		return matchLimits(uint64(ext.Memory.Pages()), ext.Memory.Max, ext.Memory.HasMax, im.Memory.Limits)
	case wasm.ExternGlobal:
		if ext.Global.Type != im.Global {
			return fmt.Errorf("global type mismatch")
		}
	}
	return nil
}

func matchLimits(size, max uint64, hasMax bool, want wasm.Limits) error {
	if size < want.Min {
		return fmt.Errorf("size %d below the import's minimum %d", size, want.Min)
	}
	if want.HasMax && (!hasMax || max > want.Max) {
		return fmt.Errorf("maximum does not fit the import's maximum %d", want.Max)
	}
	return nil
}

// initSegments evaluates the element and data segments and applies the
// active ones, in order, as table.init and memory.init followed by a drop.
func (inst *Instance) initSegments() error {
	m := inst.Module
	inst.Elems = make([][]Ref, len(m.Elements))
	for i := range m.Elements {
		el := &m.Elements[i]
		refs := make([]Ref, len(el.Init))
		for j, e := range el.Init {
			lo, _, err := inst.EvalConst(e)
			if err != nil {
				return fmt.Errorf("element segment %d: %w", i, err)
			}
			refs[j] = lo
		}
		inst.Elems[i] = refs
	}
	inst.Datas = make([][]byte, len(m.Datas))
	for i := range m.Datas {
		inst.Datas[i] = m.Datas[i].Init
	}
	for i := range m.Elements {
		if m.Elements[i].Mode == wasm.SegmentDeclarative {
			inst.Elems[i] = nil
		}
	}
	return inst.eachActiveSegment(func(elem bool, i int, off uint32) error {
		if elem {
			el := &m.Elements[i]
			if err := inst.TableInit(el.Table, uint32(i), off, 0, uint32(len(el.Init))); err != nil {
				return err
			}
			inst.Elems[i] = nil
			return nil
		}
		if err := inst.MemoryInit(uint32(i), off, 0, uint32(len(m.Datas[i].Init))); err != nil {
			return err
		}
		inst.Datas[i] = nil
		return nil
	})
}

// eachActiveSegment calls f for every active element segment, then every
// active data segment, in order, with its evaluated offset.
func (inst *Instance) eachActiveSegment(f func(elem bool, i int, offset uint32) error) error {
	m := inst.Module
	for i := range m.Elements {
		if m.Elements[i].Mode != wasm.SegmentActive {
			continue
		}
		off, _, err := inst.EvalConst(m.Elements[i].Offset)
		if err != nil {
			return err
		}
		if err := f(true, i, uint32(off)); err != nil {
			return err
		}
	}
	for i := range m.Datas {
		if m.Datas[i].Mode != wasm.SegmentActive {
			continue
		}
		off, _, err := inst.EvalConst(m.Datas[i].Offset)
		if err != nil {
			return err
		}
		if err := f(false, i, uint32(off)); err != nil {
			return err
		}
	}
	return nil
}

// TableInit copies n references from element segment seg at src to table
// at dst (table.init).
func (inst *Instance) TableInit(table, seg, dst, src, n uint32) error {
	t := inst.Tables[table]
	elems := inst.Elems[seg]
	if uint64(src)+uint64(n) > uint64(len(elems)) || uint64(dst)+uint64(n) > uint64(len(t.Elems)) {
		return NewTrap(ssa.TrapTableOutOfBounds)
	}
	copy(t.Elems[dst:], elems[src:src+n])
	return nil
}

// MemoryInit copies n bytes from data segment seg at src to memory at dst
// (memory.init).
func (inst *Instance) MemoryInit(seg, dst, src, n uint32) error {
	data := inst.Datas[seg]
	mem := inst.Memory
	if uint64(src)+uint64(n) > uint64(len(data)) || uint64(dst)+uint64(n) > uint64(len(mem.Bytes)) {
		return NewTrap(ssa.TrapMemoryOutOfBounds)
	}
	copy(mem.Bytes[dst:], data[src:src+n])
	return nil
}

// Call runs f with args and returns its results, in slots (see Slots).
func (inst *Instance) Call(f *Function, args []uint64) ([]uint64, error) {
	if f.Host != nil {
		stack := make([]uint64, max(Slots(f.Type.Params), Slots(f.Type.Results)))
		copy(stack, args)
		if err := f.Host(inst, stack); err != nil {
			return nil, err
		}
		return stack[:Slots(f.Type.Results)], nil
	}
	return f.Instance.Engine.Call(f.Instance, f, args)
}

// checkSegmentsFit reports a link error if an active segment does not fit
// its table or memory (WebAssembly 1.0).
func (inst *Instance) checkSegmentsFit() error {
	m := inst.Module
	return inst.eachActiveSegment(func(elem bool, i int, off uint32) error {
		if elem {
			el := &m.Elements[i]
			if uint64(off)+uint64(len(el.Init)) > uint64(len(inst.Tables[el.Table].Elems)) {
				return fmt.Errorf("%w: elements segment %d does not fit", ErrLink, i)
			}
			return nil
		}
		if uint64(off)+uint64(len(m.Datas[i].Init)) > uint64(len(inst.Memory.Bytes)) {
			return fmt.Errorf("%w: data segment %d does not fit", ErrLink, i)
		}
		return nil
	})
}
