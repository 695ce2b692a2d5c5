package spectest

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Runner executes scripts against an engine, keeping the name -> instance
// map that register commands build.
type Runner struct {
	Engine   runtime.Engine
	Features wasm.Features
	// GuardedMemory runs instances with guard-region memories.
	GuardedMemory bool
	// Unsupported tells errors of Engine.Prepare that mean "this engine
	// lacks a feature the module uses"; such modules and their commands
	// count as skipped.
	Unsupported func(error) bool

	store      *runtime.Store
	registered map[string]*runtime.Instance
	named      map[string]*runtime.Instance
	current    *runtime.Instance
	// unsupported is set when the current module could not be prepared
	// because it uses what the engine lacks (Unsupported says so); its
	// commands are skipped.
	unsupported bool
	// skippedNames holds module names (script names and registered
	// names) of skipped modules, so that what refers to them is skipped.
	skippedNames map[string]bool
}

// NewRunner returns a runner with the spectest host module registered.
func NewRunner(e runtime.Engine, f wasm.Features) *Runner {
	r := &Runner{Engine: e, Features: f, store: &runtime.Store{},
		registered: map[string]*runtime.Instance{}, named: map[string]*runtime.Instance{}}
	r.registered["spectest"] = spectestModule(r.store)
	return r
}

// NewGuardedRunner is NewRunner for code compiled for guard regions: every
// memory, the spectest module's included, is guard-region backed.
func NewGuardedRunner(e runtime.Engine, f wasm.Features) (*Runner, error) {
	r := NewRunner(e, f)
	r.GuardedMemory = true
	mem, err := runtime.NewGuardedMemory(spectestMemoryType)
	if err != nil {
		return nil, err
	}
	r.registered["spectest"].Exports["memory"] = runtime.Extern{Kind: wasm.ExternMemory, Memory: mem}
	return r, nil
}

var spectestMemoryType = wasm.MemoryType{Limits: wasm.Limits{Min: 1, Max: 2, HasMax: true}}

// spectestModule builds the "spectest" module the scripts import: globals
// of value 666, a table of 10 (max 20) funcrefs, a memory of 1 (max 2)
// pages and print functions that discard their arguments.
func spectestModule(store *runtime.Store) *runtime.Instance {
	inst := &runtime.Instance{Name: "spectest", Store: store, Exports: map[string]runtime.Extern{}}
	global := func(name string, t wasm.ValueType, bits uint64) {
		inst.Exports[name] = runtime.Extern{Kind: wasm.ExternGlobal, Global: &runtime.Global{Type: wasm.GlobalType{Type: t}, Lo: bits}}
	}
	global("global_i32", wasm.I32, 666)
	global("global_i64", wasm.I64, 666)
	global("global_f32", wasm.F32, uint64(math.Float32bits(666.6)))
	global("global_f64", wasm.F64, math.Float64bits(666.6))
	inst.Exports["table"] = runtime.Extern{Kind: wasm.ExternTable, Table: runtime.NewTable(wasm.TableType{
		Elem: wasm.FuncRef, Limits: wasm.Limits{Min: 10, Max: 20, HasMax: true}})}
	inst.Exports["memory"] = runtime.Extern{Kind: wasm.ExternMemory, Memory: runtime.NewMemory(spectestMemoryType)}
	prints := map[string][]wasm.ValueType{
		"print": nil, "print_i32": {wasm.I32}, "print_i64": {wasm.I64}, "print_f32": {wasm.F32},
		"print_f64": {wasm.F64}, "print_i32_f32": {wasm.I32, wasm.F32}, "print_f64_f64": {wasm.F64, wasm.F64},
	}
	for name, params := range prints {
		f := &runtime.Function{Type: wasm.FuncType{Params: params}, Name: name,
			Host: func(*runtime.Instance, []uint64) error { return nil }}
		store.AddFunction(f)
		inst.Exports[name] = runtime.Extern{Kind: wasm.ExternFunc, Func: f}
	}
	return inst
}

// Resolve implements runtime.Resolver over the registered modules.
func (r *Runner) Resolve(module, name string) (runtime.Extern, bool) {
	inst, ok := r.registered[module]
	if !ok {
		return runtime.Extern{}, false
	}
	e, ok := inst.Exports[name]
	return e, ok
}

// errUnsupported marks a module using a feature the engine lacks.
var errUnsupported = errors.New("unsupported by the engine")

// instantiate decodes, validates, prepares and instantiates a module file.
func (r *Runner) instantiate(s *Script, file, name string) (*runtime.Instance, error) {
	b, err := s.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m, err := DecodeAndValidate(b, r.Features)
	if err != nil {
		return nil, err
	}
	prepared, err := r.Engine.Prepare(m)
	if err != nil {
		if r.Unsupported != nil && r.Unsupported(err) {
			return nil, fmt.Errorf("%w: %v", errUnsupported, err)
		}
		return nil, err
	}
	return runtime.Instantiate(r.store, r.Engine, prepared, m, name, r,
		runtime.Options{MVPSegments: r.Features.MVP, GuardedMemory: r.GuardedMemory})
}

// Run executes every command of s and tallies the outcomes. Commands on
// modules the engine cannot prepare (see Unsupported) and text-format
// modules count as skipped. Values are passed and compared in slots: a
// v128 takes two, and its result is compared lane by lane, with the NaN
// rules of each float lane.
func (r *Runner) Run(s *Script) Tally {
	var t Tally
	for i := range s.Commands {
		c := &s.Commands[i]
		switch c.Type {
		case "assert_malformed", "assert_invalid":
			continue // decided by Validate
		case "module":
			inst, err := r.instantiate(s, c.Filename, c.Name)
			r.current, r.unsupported = inst, false
			switch {
			case errors.Is(err, errUnsupported) || r.importsSkipped(s, c.Filename, err):
				r.unsupported = true
				r.skip(c.Name)
				t.Skipped++
			case err != nil:
				t.fail(s, c, "%s: %v", c.Filename, err)
			default:
				t.Passed++
				if c.Name != "" {
					r.named[c.Name] = inst
				}
			}
			continue
		case "register":
			inst := r.current
			if c.Name != "" {
				inst = r.named[c.Name]
			}
			if (c.Name == "" && r.unsupported) || r.skippedNames[c.Name] {
				r.skip(c.As)
				continue
			}
			if inst != nil {
				r.registered[c.As] = inst
			}
			continue
		case "assert_unlinkable", "assert_uninstantiable":
			r.expectInstantiationFailure(s, c, &t)
			continue
		case "assert_trap":
			if c.Filename != "" {
				r.expectInstantiationFailure(s, c, &t)
				continue
			}
		}
		if (r.unsupported && c.Action.Module == "") || r.skippedNames[c.Action.Module] {
			t.Skipped++
			continue
		}
		r.runAction(s, c, &t)
	}
	return t
}

func (r *Runner) expectInstantiationFailure(s *Script, c *Command, t *Tally) {
	if c.ModuleType == "text" {
		t.Skipped++
		return
	}
	_, err := r.instantiate(s, c.Filename, "")
	var trap *runtime.Trap
	switch {
	case errors.Is(err, errUnsupported) || r.importsSkipped(s, c.Filename, err):
		t.Skipped++
	case err == nil:
		t.fail(s, c, "%s instantiated, want %q", c.Filename, c.Text)
	case c.Type == "assert_unlinkable" && !errors.Is(err, runtime.ErrLink):
		t.fail(s, c, "%s: %v, want a link error %q", c.Filename, err, c.Text)
	case c.Type != "assert_unlinkable" && !errors.As(err, &trap):
		t.fail(s, c, "%s: %v, want a trap %q", c.Filename, err, c.Text)
	default:
		t.Passed++
	}
}

// runAction performs the action of an action, assert_return, assert_trap
// or assert_exhaustion command and checks its outcome.
func (r *Runner) runAction(s *Script, c *Command, t *Tally) {
	inst := r.current
	if c.Action.Module != "" {
		inst = r.named[c.Action.Module]
	}
	if inst == nil {
		t.fail(s, c, "no module for action %q", c.Action.Field)
		return
	}
	results, err := r.do(inst, &c.Action)
	var trap *runtime.Trap
	switch c.Type {
	case "action":
		if err != nil && !errors.As(err, &trap) {
			t.fail(s, c, "%v", err)
			return
		}
	case "assert_return":
		if err != nil {
			t.fail(s, c, "%s: %v", c.Action.Field, err)
			return
		}
		if msg := compare(results, c.Expected); msg != "" {
			t.fail(s, c, "%s: %s", c.Action.Field, msg)
			return
		}
	case "assert_trap", "assert_exhaustion":
		if !errors.As(err, &trap) {
			t.fail(s, c, "%s: got %v, %v, want trap %q", c.Action.Field, results, err, c.Text)
			return
		}
		if c.Type == "assert_exhaustion" && trap.Code != ssa.TrapStackOverflow {
			t.fail(s, c, "%s: trap %q, want %q", c.Action.Field, trap.Code, c.Text)
			return
		}
		if !strings.HasPrefix(trap.Code.String(), c.Text) && !strings.HasPrefix(c.Text, trap.Code.String()) {
			t.fail(s, c, "%s: trap %q, want %q", c.Action.Field, trap.Code, c.Text)
			return
		}
	default:
		t.Skipped++
		return
	}
	t.Passed++
}

func (r *Runner) do(inst *runtime.Instance, a *Action) ([]uint64, error) {
	ext, ok := inst.Exports[a.Field]
	if !ok {
		return nil, fmt.Errorf("no export %q", a.Field)
	}
	switch a.Type {
	case "get":
		if ext.Global == nil {
			return nil, fmt.Errorf("export %q is not a global", a.Field)
		}
		if ext.Global.Type.Type == wasm.V128 {
			return []uint64{ext.Global.Lo, ext.Global.Hi}, nil
		}
		return []uint64{ext.Global.Lo}, nil
	case "invoke":
		if ext.Func == nil {
			return nil, fmt.Errorf("export %q is not a function", a.Field)
		}
		var args []uint64
		for _, v := range a.Args {
			p, err := parseValue(v)
			if err != nil {
				return nil, err
			}
			args = append(args, p.slots()...)
		}
		return inst.Call(ext.Func, args)
	}
	return nil, fmt.Errorf("unknown action type %q", a.Type)
}

// compare checks results, in slots (two for a v128), against the expected
// values.
func compare(results []uint64, expected []Value) string {
	k := 0
	for i, e := range expected {
		p, err := parseValue(e)
		if err != nil {
			return err.Error()
		}
		n := len(p.slots())
		if k+n > len(results) {
			return fmt.Sprintf("%d result slots, want more for %d values", len(results), len(expected))
		}
		got := results[k : k+n]
		k += n
		if p.typ == "v128" {
			if v := (ssa.V128{Lo: got[0], Hi: got[1]}); !p.matchesV128(v) {
				return fmt.Sprintf("result %d: got %s, want v128 %s %s", i, v, e.Lane, string(e.Value))
			}
			continue
		}
		if !p.matches(got[0]) {
			return fmt.Sprintf("result %d: got 0x%x, want %s %s", i, got[0], e.Type, string(e.Value))
		}
	}
	if k != len(results) {
		return fmt.Sprintf("%d result slots, want %d", len(results), k)
	}
	return ""
}

func (r *Runner) skip(name string) {
	if name == "" {
		return
	}
	if r.skippedNames == nil {
		r.skippedNames = map[string]bool{}
	}
	r.skippedNames[name] = true
}

// importsSkipped reports whether a module failed to link because it
// imports from a module that was skipped.
func (r *Runner) importsSkipped(s *Script, file string, err error) bool {
	if err == nil || !errors.Is(err, runtime.ErrLink) || len(r.skippedNames) == 0 {
		return false
	}
	b, rerr := s.ReadFile(file)
	if rerr != nil {
		return false
	}
	m, derr := DecodeAndValidate(b, r.Features)
	if derr != nil {
		return false
	}
	for _, im := range m.Imports {
		if r.skippedNames[im.Module] {
			return true
		}
	}
	return false
}
