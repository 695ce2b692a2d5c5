package amd64

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// ErrUnsupported is wrapped by compile errors for instructions the backend
// does not handle yet.
var ErrUnsupported = mach.ErrUnsupported

// moduleEmitter accumulates the code of a whole module.
type moduleEmitter struct {
	guard bool // guard-region memory: no explicit bounds checks
	// tailCalls says whether any function makes a tail call, after
	// which a callee may return with another instance's registers.
	tailCalls    bool
	buf          buf
	numImports   uint32
	calls        []callFixup
	runtimeCalls []callFixup // fn is the exec.Runtime* function
	// features are the CPU features the emitted code needs: the
	// baseline and those that particular instructions add.
	features uint64
	// cpu are the features the code may use (Baseline, V3,
	// HostFeatures).
	cpu uint64
}

type callFixup struct {
	at int    // rel32 offset
	fn uint32 // function index in the index space
}

// Compile compiles every function of a validated module into a native
// module for the memory mode (objfile.BoundsChecked or GuardRegions), for
// the Baseline CPU. Function i of the objfile is, for imports, the stub
// that calls import i through a host exit, and for module-defined
// functions their code.
func Compile(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error) {
	return compile(m, source, memory, Baseline)
}

// CompileFor returns Compile for a CPU with the features cpu (Baseline,
// V3 or HostFeatures()): the code uses the VEX forms where cpu has AVX.
func CompileFor(cpu uint64) func(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error) {
	return func(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error) {
		return compile(m, source, memory, cpu)
	}
}

func compile(m *wasm.Module, source []byte, memory objfile.MemoryMode, cpu uint64) (*objfile.Module, error) {
	if memory != objfile.BoundsChecked && memory != objfile.GuardRegions {
		return nil, fmt.Errorf("unknown memory mode %d", memory)
	}
	tailCalls, err := mach.HasTailCalls(m)
	if err != nil {
		return nil, err
	}
	mod := &moduleEmitter{numImports: m.NumImportedFuncs, guard: memory == objfile.GuardRegions, tailCalls: tailCalls,
		features: RequiredFeatures, cpu: cpu}
	mod.buf.b = make([]byte, 0, mach.CodeSizeHint(m))
	funcs := make([]objfile.Function, 0, m.NumFuncs())
	// Import stubs: store the arguments the caller passed in registers in
	// their words of the area, where the host reads every argument,
	// record a host call of the import, take the exit, and load the
	// results the host left in the area into their registers. Runtime
	// calls pass everything in the area.
	var toHostExit []int
	stub := func(code, arg uint32, ft *wasm.FuncType) int {
		start := len(mod.buf.b)
		var params, results []ssa.Type
		if ft != nil {
			params, results = frontend.SSATypes(ft.Params), frontend.SSATypes(ft.Results)
		}
		moveArgRegisters(&mod.buf, params, true)
		mod.buf.storeImm(4, memAt(RegExecContext, exec.OffsetExitCode), int32(code))
		mod.buf.storeImm(4, memAt(RegExecContext, exec.OffsetExitArg), int32(arg))
		toHostExit = append(toHostExit, mod.buf.call32())
		moveArgRegisters(&mod.buf, results, false)
		mod.buf.ret()
		return start
	}
	for i := uint32(0); i < m.NumImportedFuncs; i++ {
		ti, _ := m.FuncTypeIndex(i)
		start := stub(exec.ExitHostCall, i, &m.Types[ti])
		funcs = append(funcs, objfile.Function{Offset: uint32(start), Size: uint32(len(mod.buf.b) - start)})
	}
	runtimeStubs := make([]int, exec.NumRuntimeFunctions)
	for fn := exec.RuntimeMemoryGrow; fn < exec.NumRuntimeFunctions; fn++ {
		runtimeStubs[fn] = stub(exec.ExitRuntime, fn, nil)
	}
	hostExit := len(mod.buf.b)
	mod.emitHostExit()
	for _, j := range toHostExit {
		mod.buf.patch32(j, hostExit)
	}
	t := targetFor(mod.guard, cpu)
	err = mach.PrepareModule(m, t, func(a *mach.Allocation) error {
		for len(mod.buf.b)%functionAlignment != 0 {
			mod.buf.byte1(0xCC) // int3 padding between functions
		}
		start := len(mod.buf.b)
		frame := mod.emitFunction(a)
		funcs = append(funcs, objfile.Function{Offset: uint32(start), Size: uint32(len(mod.buf.b) - start), FrameSize: uint32(frame)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range mod.calls {
		mod.buf.patch32(c.at, int(funcs[c.fn].Offset))
	}
	for _, c := range mod.runtimeCalls {
		mod.buf.patch32(c.at, runtimeStubs[c.fn])
	}
	return &objfile.Module{
		Arch: objfile.ArchAMD64, Memory: memory, Features: mod.features,
		SourceSHA: sha256.Sum256(source), Source: source,
		Code: mod.buf.b, Functions: funcs,
	}, nil
}

// targetFor returns the target of a module's compilation for the memory
// mode (guard regions or not) and the CPU features cpu.
func targetFor(guard bool, cpu uint64) *mach.Target {
	t := *target
	t.GuardMemory = guard
	if guard {
		// Bounds-checked code reads R14 at every access.
		t.ContextRegisters, t.V128ContextRegisters, t.ContextUse = contextRegisterInfo, v128ContextRegisterInfo, contextUse
		t.ContextRegisterCount = 2 // R14 and R15
	}
	if cpu&FeatureAVX != 0 {
		t.FoldVectorLoads = true // the VEX forms read memory unaligned
	}
	return &t
}

// IsUnsupported reports whether err comes from an instruction the backend
// cannot compile yet.
func IsUnsupported(err error) bool { return errors.Is(err, mach.ErrUnsupported) }

// HostCallArgsOffset is where, relative to Context.WasmSP at a host exit,
// the arguments (and then the results) of the call lie: above the five
// registers the exit saves, the stub's return address and the caller's.
const HostCallArgsOffset = 7 * 8

// moveArgRegisters emits, in an import stub, the stores of the values of
// types ts that the calling convention passes in registers into their
// words of the caller's area (toArea), or the loads of them from there.
// The stub has not pushed anything yet: the area starts at [rsp+8].
func moveArgRegisters(e *buf, ts []ssa.Type, toArea bool) {
	for i, s := range mach.CallSlots(ts) {
		if s.Reg < 0 {
			continue
		}
		r := target.ArgRegisters[mach.ClassOf(ts[i])][s.Reg]
		at := memAt(RSP, int32(8+8*s.Word))
		switch {
		case ts[i] == ssa.TypeV128 && toArea:
			e.storeUps(at, r)
		case ts[i] == ssa.TypeV128:
			e.loadUps(r, at)
		case s.Float && toArea:
			e.storeF(8, at, r)
		case s.Float:
			e.loadF(8, r, at)
		case toArea:
			e.store(8, at, r)
		default:
			e.load(8, r, at)
		}
	}
}

// emitHostExit emits the routine import and runtime stubs jump to after
// storing the exit code and argument: it saves the callee-saved and pinned
// registers, records its resume address, and returns to Go; Go resumes at the restore sequence, which
// returns to the WebAssembly caller.
func (mod *moduleEmitter) emitHostExit() {
	e := &mod.buf
	saved := []reg{RBX, RBP, R12, RegMemoryBase, RegInstanceContext}
	for _, r := range saved {
		e.push(r)
	}
	resume := e.leaRIP32(scratchA)
	e.store(8, memAt(RegExecContext, exec.OffsetResumePC), scratchA)
	e.store(8, memAt(RegExecContext, exec.OffsetWasmSP), RSP)
	e.load(8, RSP, memAt(RegExecContext, exec.OffsetStackBase))
	e.ret()
	e.patch32(resume, len(e.b))
	for i := len(saved) - 1; i >= 0; i-- {
		e.pop(saved[i])
	}
	// The host may have grown memory: reload its base.
	e.load(8, RegMemoryBase, memAt(RegInstanceContext, exec.OffsetMemBase))
	e.ret()
}
