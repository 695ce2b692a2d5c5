// Package runtime holds the objects a running WebAssembly module works on
// (memories, tables, globals, functions, instances), instantiation
// (import resolution, constant expressions, segment initialization, the
// start function) and the trap and exit errors. Code runs through an
// Engine: the SSA interpreter (package interp) or compiled native code.
//
// References (funcref, externref) are 64-bit values: 0 is null, a funcref
// is 1 + the function's index in its Store, an externref is a host value
// (1 + the host's number, by convention of the host).
package runtime

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"sync/atomic"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// PageSize is the size of a linear-memory page.
const PageSize = 65536

// Trap is a WebAssembly trap: execution stopped for one of the spec's
// reasons.
type Trap struct {
	Code ssa.TrapCode
	// Stack is the WebAssembly call stack at the trap, innermost first,
	// when the engine records it.
	Stack []Frame
	// Omitted counts the frames beyond the last of Stack.
	Omitted int
}

// Frame is one entry of a WebAssembly stack trace.
type Frame struct {
	Module   string
	Function uint32
	Name     string
	// Repeat is how many frames of this function follow each other
	// (recursion); 0 and 1 both mean one.
	Repeat int
}

func (t *Trap) Error() string { return "wasm trap: " + t.Code.String() }

// StackString renders the WebAssembly stack trace, one frame a line,
// innermost first, each line starting with "  at ".
func (t *Trap) StackString() string {
	s := ""
	for _, f := range t.Stack {
		name := f.Name
		if name == "" {
			name = fmt.Sprintf("function[%d]", f.Function)
		} else {
			name = fmt.Sprintf("%s (function[%d])", name, f.Function)
		}
		if f.Module != "" {
			name = f.Module + "." + name
		}
		s += "  at " + name
		if f.Repeat > 1 {
			s += fmt.Sprintf(" ×%d", f.Repeat)
		}
		s += "\n"
	}
	if t.Omitted > 0 {
		s += fmt.Sprintf("  ... %d more frames\n", t.Omitted)
	}
	return s
}

// Is lets errors.Is match traps by code.
func (t *Trap) Is(target error) bool {
	o, ok := target.(*Trap)
	return ok && o.Code == t.Code
}

// NewTrap returns a trap with the given code.
func NewTrap(code ssa.TrapCode) *Trap { return &Trap{Code: code} }

// ErrLink is wrapped by errors of import resolution.
var ErrLink = errors.New("link error")

// Ref is a reference value.
type Ref = uint64

// Memory is a linear memory.
type Memory struct {
	Bytes  []byte // len is the current size
	Max    uint64 // in pages: the declared maximum, or the 4 GiB limit
	HasMax bool   // a maximum was declared
	// reservation, when set, is a GuardReservation-sized mapping whose
	// first len(Bytes) bytes are accessible and the rest faults: the
	// guard-region mode. Bytes then never moves.
	reservation *reservation
}

// layoutGeneration counts the times a memory or table of any instance
// changed its size or moved: engines that keep copies of their bounds (the
// native engine's instance contexts) refresh them only when it changed.
var layoutGeneration atomic.Uint64

// LayoutGeneration returns the current layout generation; it changes after
// every memory or table growth, which it follows in the memory model.
func LayoutGeneration() uint64 { return layoutGeneration.Load() }

// Pages is the current size in pages.
func (m *Memory) Pages() uint32 { return uint32(len(m.Bytes) / PageSize) }

// Grow adds delta pages and returns the old size, or -1 (as uint32) when
// the maximum or the limit of wasm.MaxInstancePages would be exceeded.
func (m *Memory) Grow(delta uint32) uint32 {
	old := m.Pages()
	n := uint64(old) + uint64(delta)
	if n > m.Max || n > wasm.MaxInstancePages {
		return 0xFFFFFFFF
	}
	if delta > 0 {
		if m.reservation != nil {
			if err := m.reservation.commit(n * PageSize); err != nil {
				return 0xFFFFFFFF
			}
			m.Bytes = m.reservation.mem[:n*PageSize]
			layoutGeneration.Add(1)
			return old
		}
		nb := make([]byte, n*PageSize)
		copy(nb, m.Bytes)
		m.Bytes = nb
		layoutGeneration.Add(1)
	}
	return old
}

// GuardReservation is the address space a guard-region memory reserves:
// 4 GiB of addressable memory, then 4 GiB of guard for static offsets, and
// a page for the widest access.
const GuardReservation = 8<<30 + PageSize

// NewGuardedMemory returns a memory of type t in the guard-region mode:
// the whole GuardReservation is reserved inaccessible, and growing makes
// pages accessible in place. Code compiled for this mode does no bounds
// checks: an access outside the memory faults in the guard.
func NewGuardedMemory(t wasm.MemoryType) (*Memory, error) {
	m := NewMemory(wasm.MemoryType{Limits: wasm.Limits{Min: 0, Max: t.Limits.Max, HasMax: t.Limits.HasMax}})
	res, err := reserve(GuardReservation)
	if err != nil {
		return nil, err
	}
	m.reservation, m.Bytes = res, res.mem[:0]
	// The reservation is not Go memory: recycle it when the memory is
	// garbage (the engine holds its instance, so no code runs in it then).
	goruntime.AddCleanup(m, recycle, res)
	if m.Grow(uint32(t.Limits.Min)) == 0xFFFFFFFF {
		return nil, fmt.Errorf("cannot make %d pages of guarded memory accessible", t.Limits.Min)
	}
	return m, nil
}

// Guarded reports whether m uses the guard-region mode.
func (m *Memory) Guarded() bool { return m.reservation != nil }

// NewMemory returns a memory of the given type.
func NewMemory(t wasm.MemoryType) *Memory {
	max := uint64(wasm.MaxMemoryPages)
	if t.Limits.HasMax {
		max = t.Limits.Max
	}
	return &Memory{Bytes: make([]byte, t.Limits.Min*PageSize), Max: max, HasMax: t.Limits.HasMax}
}

// Table is a table of references.
type Table struct {
	Type  wasm.TableType
	Elems []Ref
	Max   uint64
}

// NewTable returns a table of the given type, filled with null.
func NewTable(t wasm.TableType) *Table {
	max := uint64(wasm.MaxTableSize)
	if t.Limits.HasMax {
		max = t.Limits.Max
	}
	return &Table{Type: t, Elems: make([]Ref, t.Limits.Min), Max: max}
}

// Grow adds delta elements set to init and returns the old size, or -1.
func (t *Table) Grow(delta uint32, init Ref) uint32 {
	old := uint32(len(t.Elems))
	n := uint64(old) + uint64(delta)
	if n > t.Max || n > 1<<24 { // an implementation limit on table size
		return 0xFFFFFFFF
	}
	for i := uint32(0); i < delta; i++ {
		t.Elems = append(t.Elems, init)
	}
	if delta > 0 {
		layoutGeneration.Add(1)
	}
	return old
}

// Global is a global variable. Lo holds i32/i64/f32/f64/reference bits;
// Hi the upper half of a v128. Native code reads Lo and Hi at offsets 0
// and 8 (the native engine's tests check it).
type Global struct {
	Lo, Hi uint64
	Type   wasm.GlobalType
}

// HostFunc is a function implemented in Go. Arguments arrive in
// stack[:Slots(params)]; results go to stack[:Slots(results)]. A returned
// error stops the calling WebAssembly code and is returned to its caller.
type HostFunc func(caller *Instance, stack []uint64) error

// MemoryHostFunc is a HostFunc given what most host functions want of
// their caller, its memory 0 (nil when it has none), and the context the
// host registered it with, so that an engine calls the host's function
// without a wrapper in between.
type MemoryHostFunc func(ctx context.Context, mem []byte, stack []uint64) error

// Slots is the number of uint64 slots that values of types ts take as
// arguments or results (of Engine.Call, Instance.Call and HostFunc): one
// each, and two for a v128, its low half first.
func Slots(ts []wasm.ValueType) int {
	n := len(ts)
	for _, t := range ts {
		if t == wasm.V128 {
			n++
		}
	}
	return n
}

// Function is a function of any instance or of the host.
type Function struct {
	Type     wasm.FuncType
	Instance *Instance // nil for host functions
	Index    uint32    // in the instance's function index space
	Host     HostFunc
	// MemoryHost, when set, is Host as a MemoryHostFunc, called with
	// HostCtx; the native engine prefers it.
	MemoryHost MemoryHostFunc
	HostCtx    context.Context
	Name       string
	// ref is this function's reference value in its store.
	ref Ref
}

// Ref is the function's reference value.
func (f *Function) Ref() Ref { return f.ref }

// Store owns functions across instances, so that funcref values can name
// them.
type Store struct {
	funcs []*Function
}

// AddFunction registers f and gives it its reference value.
func (s *Store) AddFunction(f *Function) {
	s.funcs = append(s.funcs, f)
	f.ref = Ref(len(s.funcs))
}

// FunctionByRef returns the function a funcref names, or nil.
func (s *Store) FunctionByRef(r Ref) *Function {
	if r == 0 || r > Ref(len(s.funcs)) {
		return nil
	}
	return s.funcs[r-1]
}

// InstanceObserver is implemented by engines that must know of an
// instance as soon as its functions exist, before segments are applied and
// the start function runs.
type InstanceObserver interface {
	Instantiated(inst *Instance) error
}

// Engine executes module functions.
type Engine interface {
	// Prepare compiles or translates the module's functions once.
	Prepare(m *wasm.Module) (any, error)
	// Call runs function f of instance inst with the arguments and
	// returns the results, both laid out in slots (see Slots).
	Call(inst *Instance, f *Function, args []uint64) ([]uint64, error)
}
