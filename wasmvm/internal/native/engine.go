// Package native is the runtime.Engine that runs compiled machine code: it
// compiles a module with the backend for this machine, maps the code
// executable, builds each instance's context (memory, globals, function
// descriptors) and drives calls through package exec, serving host-call
// exits and turning trap exits into *runtime.Trap errors.
package native

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// StackSize is the size of each WebAssembly stack (mapped lazily: untouched
// pages cost nothing). 8 MiB matches what Go's wasip1 tests ask of
// runtimes (wasmtime -W max-wasm-stack=8388608).
const StackSize = 8 << 20

// Engine implements runtime.Engine with native code. The zero value is
// ready to use.
type Engine struct {
	// Memory is the memory-safety mode code is compiled for; zero means
	// objfile.BoundsChecked. With objfile.GuardRegions, instances must be
	// created with guarded memories (runtime.Options.GuardedMemory).
	Memory objfile.MemoryMode
	// Exclusive lets the goroutine that calls into WebAssembly keep its
	// processor while the code runs, instead of leaving it as for a
	// system call; host calls then cost no scheduler transitions. It is
	// for a program with one processor (GOMAXPROCS 1) and nothing else
	// to run meanwhile, the kernel: no other goroutine runs, collects
	// garbage or interrupts the code until it makes a host call.
	Exclusive bool
	// Clock, when set, is the counter clock compiled code reads the
	// real-time and monotonic clocks from when it calls WASI's
	// clock_time_get (ssa.OpCounterClock): the embedder's clock_time_get
	// must answer the same. It is read by code at any time: set it before
	// the first instance and leave it unchanged.
	Clock *exec.CounterClock
	// Baseline makes Prepare compile for the backend's baseline CPU
	// instead of this one (for amd64, without the VEX forms), so that
	// tests cover both code paths on a CPU with AVX.
	Baseline bool
	// PerfMap, when set, receives a line per compiled function of each
	// instance, in the format of perf's JIT symbol maps (writePerfMap).
	PerfMap io.Writer

	mu     sync.Mutex
	states map[*runtime.Instance]*instanceState
	byCtx  map[uintptr]*instanceState
	stacks []*exec.Stack
	stores map[*runtime.Store]*storeState
	active map[*exec.Context]bool // contexts of calls in progress
	list   []*instanceState       // the values of states, for fast iteration
	types  map[string]uint32      // canonical signature IDs, from 1
	// seenGeneration is the runtime.LayoutGeneration the contexts were
	// last refreshed at, or staleGeneration to force the next refresh (a
	// new instance). It is read without the lock on the host-call path.
	seenGeneration atomic.Uint64
}

// staleGeneration is a seenGeneration no layout generation reaches.
const staleGeneration = ^uint64(0)

// storeState holds the function descriptors of a store's functions, so
// that funcref values (store indices) lead native code to code and
// instance.
type storeState struct {
	descs *exec.DescTable
	set   map[runtime.Ref]bool
}

// MaxFunctions is the number of functions a store may hold when it is used
// with native code (the descriptor table's reserved capacity).
const MaxFunctions = 1 << 20

// compiled is a module's code, shared by its instances.
type compiled struct {
	obj  *objfile.Module
	code *exec.Code
}

// instanceState is what native code sees of one instance.
type instanceState struct {
	inst    *runtime.Instance
	mod     *compiled
	ctx     *exec.InstanceContext
	funcs   []exec.FuncDesc
	globals []*runtime.Global // the array InstanceContext.Globals points to
	tables  []exec.TableDesc
	typeIDs []uint32
	imports []hostImport // the imported functions, for host calls
}

// typeID returns the canonical ID of a signature.
func (e *Engine) typeID(t *wasm.FuncType) uint32 {
	if e.types == nil {
		e.types = map[string]uint32{}
	}
	key := t.String()
	id, ok := e.types[key]
	if !ok {
		id = uint32(len(e.types) + 1)
		e.types[key] = id
	}
	return id
}

// Instantiated implements runtime.InstanceObserver: the state, and with it
// the descriptors of the instance's functions, must exist before any table
// holding them is used.
func (e *Engine) Instantiated(inst *runtime.Instance) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, err := e.stateLocked(inst)
	return err
}

// Prepare implements runtime.Engine.Prepare: it compiles the module.
func (e *Engine) Prepare(m *wasm.Module) (any, error) {
	cpu := hostFeatures()
	if e.Baseline {
		cpu = backend.BaselineFeatures(hostArch)
	}
	compile, err := backend.ForCPU(hostArch, cpu)
	if err != nil {
		return nil, err
	}
	obj, err := compile(m, nil, e.mode())
	if err != nil {
		return nil, err
	}
	return e.PrepareObject(obj)
}

// PrepareObject maps the code of a native module (compiled earlier, for
// example by `wasmkernel compile`) for instances of its source module.
// The module must have passed objfile.Decode with this machine's Expect.
func (e *Engine) PrepareObject(obj *objfile.Module) (any, error) {
	if obj.Arch != hostArch {
		return nil, fmt.Errorf("native module for %s cannot run on this engine (%s)", obj.Arch, hostArch)
	}
	if len(obj.Relocs) != 0 {
		return nil, fmt.Errorf("native module has %d relocations; this engine loads position-independent code only", len(obj.Relocs))
	}
	if obj.Memory != e.mode() {
		return nil, fmt.Errorf("native module compiled for %s memory, the engine runs %s", obj.Memory, e.mode())
	}
	code, err := exec.NewCode(obj.Code)
	if err != nil {
		return nil, err
	}
	if err := exec.RegisterRunnable(code); err != nil {
		return nil, err
	}
	if obj.Memory == objfile.GuardRegions {
		if err := exec.InstallFaultHandler(); err != nil {
			return nil, err
		}
		if err := exec.RegisterCode(code); err != nil {
			return nil, err
		}
	}
	return &compiled{obj: obj, code: code}, nil
}

func (e *Engine) mode() objfile.MemoryMode {
	if e.Memory == 0 {
		return objfile.BoundsChecked
	}
	return e.Memory
}

// Expect returns what the engine requires of native modules it loads.
func (e *Engine) Expect() objfile.Expect {
	return objfile.Expect{Arch: hostArch, Memory: e.mode(), Features: hostFeatures(),
		FeatureNames: func(f uint64) string { return backend.FeatureNames(hostArch, f) }}
}

// state returns, creating on first use, the native state of inst.
func (e *Engine) state(inst *runtime.Instance) (*instanceState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stateLocked(inst)
}

func (e *Engine) storeLocked(s *runtime.Store) (*storeState, error) {
	if e.stores == nil {
		e.stores = map[*runtime.Store]*storeState{}
	}
	if ss, ok := e.stores[s]; ok {
		return ss, nil
	}
	descs, err := exec.NewDescTable(MaxFunctions)
	if err != nil {
		return nil, err
	}
	ss := &storeState{descs: descs, set: map[runtime.Ref]bool{}}
	e.stores[s] = ss
	return ss, nil
}

func (e *Engine) stateLocked(inst *runtime.Instance) (*instanceState, error) {
	if st, ok := e.states[inst]; ok {
		return st, nil
	}
	if e.states == nil {
		e.states = map[*runtime.Instance]*instanceState{}
		e.byCtx = map[uintptr]*instanceState{}
	}
	mod := inst.Prepared.(*compiled)
	if mod.obj.Memory == objfile.GuardRegions && inst.Memory != nil && !inst.Memory.Guarded() {
		// The code does not check its accesses: only the memory's guard
		// region stops one past the end.
		return nil, fmt.Errorf("instance %q: code compiled for guard-region memory needs a guarded memory (runtime.Options.GuardedMemory)", inst.Name)
	}
	st := &instanceState{inst: inst, mod: mod, ctx: &exec.InstanceContext{Clock: uintptr(unsafe.Pointer(e.Clock))}, globals: inst.Globals, imports: hostImports(inst)}
	e.states[inst] = st
	e.list = append(e.list, st)
	e.seenGeneration.Store(staleGeneration) // its context has no memory or tables yet
	e.byCtx[uintptr(unsafe.Pointer(st.ctx))] = st
	st.funcs = make([]exec.FuncDesc, len(inst.Funcs))
	self := uintptr(unsafe.Pointer(st.ctx))
	for i, f := range inst.Funcs {
		d := exec.FuncDesc{Code: mod.code.Addr(int(mod.obj.Functions[i].Offset)), Inst: self}
		if f.Host != nil || f.Instance == nil || f.Instance == inst {
			st.funcs[i] = d
			continue
		}
		if other, ok := f.Instance.Prepared.(*compiled); ok {
			// An import from another natively compiled instance: call
			// its code directly with its context.
			callee, err := e.stateLocked(f.Instance)
			if err != nil {
				return nil, err
			}
			d = exec.FuncDesc{Code: other.code.Addr(int(other.obj.Functions[f.Index].Offset)),
				Inst: uintptr(unsafe.Pointer(callee.ctx))}
		}
		st.funcs[i] = d
	}
	ss, err := e.storeLocked(inst.Store)
	if err != nil {
		return nil, err
	}
	for i, f := range inst.Funcs {
		if ss.set[f.Ref()] || f.Ref() == 0 {
			continue
		}
		d := st.funcs[i]
		d.TypeID = e.typeID(&f.Type)
		if err := ss.descs.Set(int(f.Ref()-1), d); err != nil {
			return nil, err
		}
		ss.set[f.Ref()] = true
	}
	st.ctx.Descs = ss.descs.Base()
	m := inst.Module
	st.typeIDs = make([]uint32, len(m.Types)+1)
	for i := range m.Types {
		st.typeIDs[i] = e.typeID(&m.Types[i])
	}
	st.ctx.TypeIDs = uintptr(unsafe.Pointer(&st.typeIDs[0]))
	if err := e.writePerfMap(st); err != nil {
		return nil, err
	}
	st.tables = make([]exec.TableDesc, len(inst.Tables)+1)
	st.ctx.Tables = uintptr(unsafe.Pointer(&st.tables[0]))
	if len(st.funcs) > 0 {
		st.ctx.Funcs = uintptr(unsafe.Pointer(&st.funcs[0]))
	}
	if len(st.globals) > 0 {
		st.ctx.Globals = uintptr(unsafe.Pointer(&st.globals[0]))
	}
	if len(inst.DefinedGlobals) > 0 {
		st.ctx.DefinedGlobals = uintptr(unsafe.Pointer(&inst.DefinedGlobals[0]))
	}
	return st, nil
}

// refresh copies each instance's current memory and tables into its
// context: Go may have grown or replaced them. It runs after every host
// call, so the check that nothing grew or moved since the last refresh
// is small enough to be inlined there.
func (e *Engine) refresh() {
	if runtime.LayoutGeneration() != e.seenGeneration.Load() {
		e.refreshContexts()
	}
}

// refreshContexts is refresh's copying.
func (e *Engine) refreshContexts() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seenGeneration.Store(runtime.LayoutGeneration())
	for _, st := range e.list {
		inst := st.inst
		if inst.Memory != nil {
			st.ctx.MemBase = uintptr(unsafe.Pointer(unsafe.SliceData(inst.Memory.Bytes)))
			st.ctx.MemLen = uint64(len(inst.Memory.Bytes))
		}
		for i, t := range inst.Tables {
			st.tables[i] = exec.TableDesc{Base: uintptr(unsafe.Pointer(unsafe.SliceData(t.Elems))), Len: uint64(len(t.Elems))}
		}
	}
}

func (e *Engine) getStack() (*exec.Stack, error) {
	e.mu.Lock()
	if n := len(e.stacks); n > 0 {
		s := e.stacks[n-1]
		e.stacks = e.stacks[:n-1]
		e.mu.Unlock()
		return s, nil
	}
	e.mu.Unlock()
	return exec.NewStack(StackSize)
}

func (e *Engine) putStack(s *exec.Stack) {
	e.mu.Lock()
	e.stacks = append(e.stacks, s)
	e.mu.Unlock()
}

// Call implements runtime.Engine.Call.
func (e *Engine) Call(inst *runtime.Instance, f *runtime.Function, args []uint64) ([]uint64, error) {
	st, err := e.state(inst)
	if err != nil {
		return nil, err
	}
	stack, err := e.getStack()
	if err != nil {
		return nil, err
	}
	defer e.putStack(stack)
	n := max(runtime.Slots(f.Type.Params), runtime.Slots(f.Type.Results), mach.MinArgArea)
	sp := (stack.Top() - uintptr(8*n)) &^ 15
	area := stack.Slice(sp, 8*n)
	putWords(area, f.Type.Params, args)
	e.refresh()
	ctx := &exec.Context{}
	words := stack.Words(sp, n)
	toRegisters(ctx, regValues(f.Type.Params), words)
	e.mu.Lock()
	if e.active == nil {
		e.active = map[*exec.Context]bool{}
	}
	e.active[ctx] = true
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		delete(e.active, ctx)
		e.mu.Unlock()
	}()
	code := st.mod.code.Addr(int(st.mod.obj.Functions[f.Index].Offset))
	var hc hostCaller
	var hostErr error
	ctx.Exclusive = e.Exclusive
	ctx.Host = func(ctx *exec.Context) {
		if err := e.hostCall(ctx, stack, &hc); err != nil {
			hostErr = err
			ctx.ExitCode = exec.ExitAbandoned
			return
		}
		e.refresh()
	}
	exec.Call(code, ctx, stack, sp, st.ctx)
	switch ctx.ExitCode {
	case exec.ExitReturn:
		fromRegisters(ctx, regValues(f.Type.Results), words)
		return slices.Clone(words[:runtime.Slots(f.Type.Results)]), nil
	case exec.ExitTrap:
		code := ssa.TrapCode(ctx.ExitArg)
		if code == ssa.TrapStackOverflow && ctx.Interrupted() {
			// Interrupt raised the stack limit: function entries
			// check only the stack (exec.Context.Interrupt).
			code = ssa.TrapInterrupted
		}
		trap := runtime.NewTrap(code)
		trap.Stack, trap.Omitted = e.stackTrace(ctx, stack)
		return nil, trap
	case exec.ExitAbandoned:
		return nil, hostErr
	default:
		return nil, fmt.Errorf("native code exited with unknown code %d", ctx.ExitCode)
	}
}

// hostCall serves a host-call exit: the calling instance's context is the
// last register the exit saved, the import index is in ExitArg, and the
// arguments and results share the caller's outgoing area, which a Go host
// function reads and writes in place.
//
// It runs on every host call, so its common path is kept short: the
// rarer steps (finding another caller's instance, a call of a
// WebAssembly function, the error reports) are functions of their own.
func (e *Engine) hostCall(ctx *exec.Context, stack *exec.Stack, hc *hostCaller) error {
	saved := stack.Words(ctx.WasmSP, 1)
	if saved == nil {
		return errExitOutsideStack
	}
	st := hc.last
	if callerCtx := uintptr(saved[0]); st == nil || hc.lastCtx != callerCtx {
		var err error
		if st, err = e.caller(hc, callerCtx); err != nil {
			return err
		}
	}
	if ctx.ExitCode == exec.ExitRuntime {
		return e.runtimeCall(ctx, stack, st)
	}
	if int(ctx.ExitArg) >= len(st.imports) {
		return notAnImport(ctx.ExitArg)
	}
	imp := &st.imports[ctx.ExitArg]
	area := stack.Words(ctx.WasmSP+hostCallArgsOffset, imp.words)
	if area == nil {
		return errArgsOutsideStack
	}
	// The caller passed some arguments in registers, which the exit left
	// in ctx, and expects some results there, unless the import stub
	// moves them through the area itself.
	if !stubsMoveArgRegisters {
		fromRegisters(ctx, imp.params, area)
	}
	if f := imp.f; f.MemoryHost != nil {
		// The common case, a Go function: no copies, no allocation.
		var mem []byte
		if m := st.inst.Memory; m != nil {
			mem = m.Bytes
		}
		if err := f.MemoryHost(f.HostCtx, mem, area); err != nil {
			return err
		}
	} else if f.Host != nil {
		if err := f.Host(st.inst, area); err != nil {
			return err
		}
	} else if err := callImported(st.inst, f, area); err != nil {
		return err
	}
	if imp.i32Results == 1 {
		area[0] = uint64(uint32(area[0])) // one i32 result: an errno, most often
	} else {
		for m, i := imp.i32Results, 0; m != 0; m, i = m>>1, i+1 {
			if m&1 != 0 {
				area[i] = uint64(uint32(area[i]))
			}
		}
	}
	if !stubsMoveArgRegisters {
		toRegisters(ctx, imp.results, area)
	}
	return nil
}

// Errors of a host-call exit that generated code cannot cause.
var (
	errExitOutsideStack = errors.New("host-call exit with a stack pointer outside the stack")
	errArgsOutsideStack = errors.New("host-call arguments outside the stack")
)

func notAnImport(f uint32) error {
	return fmt.Errorf("host call of function %d, which is not an import", f)
}

// caller finds the instance whose context is callerCtx and remembers it
// in hc.
func (e *Engine) caller(hc *hostCaller, callerCtx uintptr) (*instanceState, error) {
	e.mu.Lock()
	st := e.byCtx[callerCtx]
	e.mu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("host call from an unknown instance context 0x%x", callerCtx)
	}
	hc.last, hc.lastCtx = st, callerCtx
	return st, nil
}

// callImported calls an imported WebAssembly function f of another
// instance with the arguments in area, and puts its results there.
func callImported(inst *runtime.Instance, f *runtime.Function, area []uint64) error {
	results, err := inst.Call(f, slices.Clone(area[:runtime.Slots(f.Type.Params)]))
	if err != nil {
		return err
	}
	copy(area, results)
	return nil
}

// hostImport is what serving a call of an imported function needs: the
// function, the words of the call's argument area it uses (runtime.Slots:
// two for a v128), and which result words are i32 results (bit i for word
// i), to be zero-extended.
type hostImport struct {
	f          *runtime.Function
	words      int
	i32Results uint64
	// params and results are the values that travel in registers.
	params, results []regValue
}

// hostImports describes the imported functions of inst.
func hostImports(inst *runtime.Instance) []hostImport {
	imps := make([]hostImport, inst.Module.NumImportedFuncs)
	for i := range imps {
		f := inst.Funcs[i]
		imp := hostImport{f: f, words: max(runtime.Slots(f.Type.Params), runtime.Slots(f.Type.Results)),
			params: regValues(f.Type.Params), results: regValues(f.Type.Results)}
		w := 0
		for _, t := range f.Type.Results {
			if t == wasm.I32 && w < 64 {
				imp.i32Results |= 1 << w
			}
			w += runtime.Slots([]wasm.ValueType{t})
		}
		imps[i] = imp
	}
	return imps
}

// putWords stores values of types ts, given as runtime.Slots words (two
// for a v128), into an argument area, each 32-bit integer zero-extended.
func putWords(area []byte, ts []wasm.ValueType, words []uint64) {
	w := 0
	for _, t := range ts {
		if w >= len(words) {
			return
		}
		binary.LittleEndian.PutUint64(area[8*w:], zeroExtended(t, words[w]))
		if t == wasm.V128 && w+1 < len(words) {
			binary.LittleEndian.PutUint64(area[8*w+8:], words[w+1])
			w++
		}
		w++
	}
}

// zeroExtended returns a value as native code keeps it in a 64-bit register
// or stack word: a 32-bit integer zero-extended (generated code relies on
// it, for example to index memory with the register itself), whatever
// upper bits Go left in it.
func zeroExtended(t wasm.ValueType, v uint64) uint64 {
	if t == wasm.I32 {
		return uint64(uint32(v))
	}
	return v
}

// hostCaller is the per-call state of serving host calls: the caller found
// last (host calls usually come from one instance).
type hostCaller struct {
	last    *instanceState
	lastCtx uintptr
}

// runtimeCall serves an ExitRuntime exit for the instance of st.
func (e *Engine) runtimeCall(ctx *exec.Context, stack *exec.Stack, st *instanceState) error {
	area := stack.Slice(ctx.WasmSP+hostCallArgsOffset, 8*6)
	if area == nil {
		return fmt.Errorf("runtime-call exit with a stack pointer outside the stack")
	}
	arg := func(i int) uint64 { return binary.LittleEndian.Uint64(area[8*i:]) }
	arg32 := func(i int) uint32 { return uint32(arg(i)) }
	result, err := runtimeFunction(st.inst, ctx.ExitArg, arg, arg32)
	if err != nil {
		return err
	}
	binary.LittleEndian.PutUint64(area, result)
	return nil
}

// maxTraceFrames bounds a stack trace (stack exhaustion makes thousands).
// maxTraceFrames is how many lines a stack trace keeps (a run of
// recursive calls of one function is one line); the frames beyond are
// counted.
const maxTraceFrames = 32

// stackTrace walks the WebAssembly frames of a trapped call, innermost
// first: each function's frame size (from its native module) leads from
// the frame to the return address into its caller. Code stopped by a
// signal may have been in its prologue or at its return
// (interruptedFrameSize).
func (e *Engine) stackTrace(ctx *exec.Context, stack *exec.Stack) (frames []runtime.Frame, omitted int) {
	pc, sp := ctx.TrapPC, ctx.TrapSP
	interrupted := ctx.Interrupted() // maybe stopped by a signal anywhere
	// The frames lie below the entry trampoline's slot; a leaf function
	// may have no frame at all.
	for innermost := true; inFrames(ctx, sp); innermost = false {
		st, fn := e.functionAt(pc)
		if st == nil {
			break
		}
		m := st.inst.Module
		switch last := len(frames) - 1; {
		case omitted > 0:
			omitted++
		case last >= 0 && frames[last].Module == st.inst.Name && frames[last].Function == fn:
			frames[last].Repeat++
		case len(frames) == maxTraceFrames:
			omitted++
		default:
			frames = append(frames, runtime.Frame{Module: st.inst.Name, Function: fn, Name: m.FuncName(fn), Repeat: 1})
		}
		size := uintptr(st.mod.obj.Functions[fn].FrameSize)
		if innermost && interrupted {
			base := st.mod.code.Addr(0)
			start := base + uintptr(st.mod.obj.Functions[fn].Offset)
			size = interruptedFrameSize(stack, st.mod.obj.Code, base, start, sp, size)
		}
		var ok bool
		if pc, sp, ok = callerOf(ctx, stack, sp, size, innermost); !ok {
			break
		}
	}
	return frames, omitted
}

// functionAt finds the instance state and function index whose code holds
// pc.
func (e *Engine) functionAt(pc uintptr) (*instanceState, uint32) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, st := range e.list {
		fns := st.mod.obj.Functions
		base := st.mod.code.Addr(0)
		if pc < base || pc >= base+uintptr(len(st.mod.obj.Code)) {
			continue
		}
		off := uint32(pc - base)
		for i := int(st.inst.Module.NumImportedFuncs); i < len(fns); i++ {
			if off >= fns[i].Offset && off < fns[i].Offset+fns[i].Size {
				return st, uint32(i)
			}
		}
	}
	return nil, 0
}

// Interrupt asks every call in progress to stop: running code traps with
// "interrupted" at its next loop iteration or call. It is safe to call from
// any goroutine.
func (e *Engine) Interrupt() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for ctx := range e.active {
		ctx.Interrupt()
	}
}
