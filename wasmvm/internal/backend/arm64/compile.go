package arm64

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

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
}

type callFixup struct {
	at int    // the b or bl instruction
	fn uint32 // function index in the index space
}

// Compile compiles every function of a validated module into a native
// module for the memory mode (objfile.BoundsChecked or GuardRegions).
// Function i of the objfile is, for imports, the stub that calls import i
// through a host exit, and for module-defined functions their code.
func Compile(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error) {
	if memory != objfile.BoundsChecked && memory != objfile.GuardRegions {
		return nil, fmt.Errorf("unknown memory mode %d", memory)
	}
	tailCalls, err := mach.HasTailCalls(m)
	if err != nil {
		return nil, err
	}
	mod := &moduleEmitter{numImports: m.NumImportedFuncs, guard: memory == objfile.GuardRegions, tailCalls: tailCalls}
	mod.buf.b = make([]byte, 0, mach.CodeSizeHint(m))
	funcs := make([]objfile.Function, 0, m.NumFuncs())
	// Import stubs: record a host call of the import and take the exit.
	var toHostExit []int
	stub := func(code, arg uint32) int {
		start := mod.buf.pos()
		mod.buf.movImm(4, scratchA, int64(code))
		mod.buf.ldst(strW, scratchA, RegExecContext, exec.OffsetExitCode)
		mod.buf.movImm(4, scratchA, int64(arg))
		mod.buf.ldst(strW, scratchA, RegExecContext, exec.OffsetExitArg)
		toHostExit = append(toHostExit, mod.buf.branch())
		return start
	}
	for i := uint32(0); i < m.NumImportedFuncs; i++ {
		start := stub(exec.ExitHostCall, i)
		funcs = append(funcs, objfile.Function{Offset: uint32(start), Size: uint32(mod.buf.pos() - start)})
	}
	runtimeStubs := make([]int, exec.NumRuntimeFunctions)
	for fn := exec.RuntimeMemoryGrow; fn < exec.NumRuntimeFunctions; fn++ {
		runtimeStubs[fn] = stub(exec.ExitRuntime, fn)
	}
	hostExit := mod.buf.pos()
	mod.emitHostExit()
	for _, j := range toHostExit {
		mod.buf.patchBranch(j, hostExit)
	}
	t := *target
	t.GuardMemory = mod.guard
	err = mach.PrepareModule(m, &t, func(a *mach.Allocation) error {
		for mod.buf.pos()%16 != 0 {
			mod.buf.brk() // padding between functions
		}
		start := mod.buf.pos()
		frame, err := mod.emitFunction(a)
		if err != nil {
			return err
		}
		funcs = append(funcs, objfile.Function{Offset: uint32(start), Size: uint32(mod.buf.pos() - start), FrameSize: uint32(frame)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range mod.calls {
		if !mod.buf.patchBranch(c.at, int(funcs[c.fn].Offset)) {
			return nil, fmt.Errorf("module code larger than the 128 MiB an arm64 call reaches")
		}
	}
	for _, c := range mod.runtimeCalls {
		if !mod.buf.patchBranch(c.at, runtimeStubs[c.fn]) {
			return nil, fmt.Errorf("module code larger than the 128 MiB an arm64 call reaches")
		}
	}
	return &objfile.Module{
		Arch: objfile.ArchARM64, Memory: memory, Features: RequiredFeatures,
		SourceSHA: sha256.Sum256(source), Source: source,
		Code: mod.buf.b, Functions: funcs,
	}, nil
}

// RequiredFeatures is what the code this backend emits needs beyond
// ARMv8.0-A: nothing.
const RequiredFeatures uint64 = 0

// HostFeatures reports the features of the CPU this program runs on, as
// far as generated code cares.
func HostFeatures() uint64 { return 0 }

// IsUnsupported reports whether err comes from an instruction the backend
// cannot compile yet.
func IsUnsupported(err error) bool { return errors.Is(err, mach.ErrUnsupported) }

// hostExitSaved are the registers a host exit saves, from the stack
// pointer up: the instance context first (Go reads it at WasmSP), the
// memory base, the callee-saved registers and the link register.
var hostExitSaved = []reg{RegInstanceContext, RegMemoryBase, X19, X20, X21, X22, X23, X24, RegLink}

// HostCallArgsOffset is where, relative to Context.WasmSP at a host exit,
// the arguments (and then the results) of the call lie: above the
// registers the exit saves (rounded up to 16 bytes).
const HostCallArgsOffset = 80

// emitHostExit emits the routine import and runtime stubs branch to after
// storing the exit code and argument: it saves the callee-saved and
// pinned registers and the link register, records its resume address,
// and returns to Go; Go resumes at the restore sequence, which returns to
// the WebAssembly caller.
func (mod *moduleEmitter) emitHostExit() {
	e := &mod.buf
	e.addImm(opSub, 8, SP, SP, HostCallArgsOffset)
	for i, r := range hostExitSaved {
		e.ldst(strX, r, SP, int64(i)*8)
	}
	resume := e.adr(scratchA)
	e.ldst(strX, scratchA, RegExecContext, exec.OffsetResumePC)
	e.movSP(scratchA, SP)
	e.ldst(strX, scratchA, RegExecContext, exec.OffsetWasmSP)
	emitReturnToGo(e)
	e.patchAdr(resume, e.pos())
	for i, r := range hostExitSaved {
		e.ldst(ldrX, r, SP, int64(i)*8)
	}
	e.addImm(opAdd, 8, SP, SP, HostCallArgsOffset)
	// The host may have grown memory: reload its base.
	e.ldst(ldrX, RegMemoryBase, RegInstanceContext, exec.OffsetMemBase)
	e.ret()
}

// emitReturnToGo unwinds to the entry slot and returns to the entry
// trampoline's return path, whose address the trampoline left there.
func emitReturnToGo(e *buf) {
	e.ldst(ldrX, scratchA, RegExecContext, exec.OffsetStackBase)
	e.movSP(SP, scratchA)
	e.ldst(ldrX, RegLink, scratchA, 8)
	e.ret()
}

// emitTrapStubs emits one exit per trap code and frame state the
// function uses: record the frame for the stack trace, store the code in
// the context and unwind. A frame's link register is in its top word; the
// stack check, and code before a shrink-wrapped frame is set up, branch
// here before the frame exists, so their stub puts the link register
// where that word would be; a function without a frame leaves it in
// Context.TrapLR.
func (fe *funcEmitter) emitTrapStubs() error {
	for code := ssa.TrapCode(1); code <= ssa.TrapNullReference; code++ {
		for _, framed := range []bool{false, true} {
			if err := fe.emitTrapStub(code, framed); err != nil {
				return err
			}
		}
	}
	return nil
}

// emitTrapStub emits the exit of trap code taken with or without the
// frame (emitTrapStubs), if any branch goes there.
func (fe *funcEmitter) emitTrapStub(code ssa.TrapCode, framed bool) error {
	e := fe.e
	branches := fe.trapStubs[mach.TrapStub{Code: code, Framed: framed}]
	if len(branches) == 0 {
		return nil
	}
	for _, b := range branches {
		if !e.patchBranch(b, e.pos()) {
			return fmt.Errorf("%s: a branch spans more than the 1 MiB an arm64 conditional branch reaches", fe.F.Name)
		}
	}
	switch {
	case !framed && fe.frameSize > 0:
		e.ldstUnscaled(strX, RegLink, SP, -8)
		fe.addSP(scratchA, SP, -fe.frameSize)
	case fe.frameSize == 0:
		e.ldst(strX, RegLink, RegExecContext, exec.OffsetTrapLR)
		e.movSP(scratchA, SP)
	default:
		e.movSP(scratchA, SP)
	}
	e.ldst(strX, scratchA, RegExecContext, exec.OffsetTrapSP)
	e.word(0x10000000 | rn(scratchA)) // adr x16, . (an address inside this function)
	e.ldst(strX, scratchA, RegExecContext, exec.OffsetTrapPC)
	e.movImm(4, scratchA, int64(exec.ExitTrap))
	e.ldst(strW, scratchA, RegExecContext, exec.OffsetExitCode)
	e.movImm(4, scratchA, int64(code))
	e.ldst(strW, scratchA, RegExecContext, exec.OffsetExitArg)
	emitReturnToGo(e)
	return nil
}
