package mach

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Target is what lowering and allocation need to know of a backend.
type Target struct {
	Registers *regalloc.RegisterInfo
	// FoldLoads lets arithmetic take a load's result as a memory
	// operand (OpAlu and OpFalu with MemB) and write its result back to
	// memory (OpAluStore), as x86 instructions can.
	FoldLoads bool
	// FoldVectorLoads lets lane-wise arithmetic take a v128 load's
	// result as a memory operand (OpVec with MemB; see foldableVecOp).
	FoldVectorLoads bool
	// SIMD says that the backend emits OpVec, OpVmem and the v128 forms
	// of the other operations (Size 16); without it, lowering refuses
	// functions with v128 values with ErrUnsupported.
	SIMD bool
	// V128Registers, when set, replaces Registers for functions with
	// v128 values: a backend may keep vector registers out of allocation
	// there as temporaries for its SIMD sequences without taking them
	// from scalar code.
	V128Registers *regalloc.RegisterInfo
	// ArgRegisters are the argument and result registers of the calling
	// convention between WebAssembly functions, per class: the first
	// exec.NumIntRegs and exec.NumFloatRegs (CallSlots). They must be
	// allocatable and clobbered by calls.
	ArgRegisters [2][]regalloc.Reg
	// Clobbers, when set, lists the registers that the code the backend
	// emits for an instruction overwrites besides its results and a
	// call's clobbers (regalloc.Instr.Clobbers): those that the machine
	// instruction it uses writes by definition (x86's division writes
	// RDX). The emitter may write them before it has read the operands;
	// the allocator keeps the operands and the values live across the
	// instruction out of them.
	Clobbers func(m *Instr) []regalloc.Reg
	// NoTailCalls says that the module being compiled makes no tail
	// calls and has NumImports imported functions (PrepareModule sets
	// both): its direct calls of its own functions then reserve only the
	// outgoing words they use, not MinArgArea (see callThroughTyped).
	NoTailCalls bool
	NumImports  uint32
	// NumImportedGlobals is the module's number of imported globals
	// (PrepareModule sets it): global accesses below it go through the
	// context's pointer array, the others straight to the module's own
	// cells (see Instr.ImportedGlobal).
	NumImportedGlobals uint32
	// ShrinkWrap lets a function that calls set up its frame where its
	// calls need it, not on entry (Func.ShrinkWrap): the backend emits
	// Func.FrameBlock's frame set-up and honours Allocation.Framed.
	ShrinkWrap bool
	// SaveRegions lets a leaf function save its callee-saved registers
	// where it uses them (Allocation.PlaceSaves): the backend emits the
	// saves at Allocation.Saves' roots and honours Edge.Restore.
	SaveRegions bool
	// GuardMemory says that the module's memory is accessed in guard
	// mode, where an access may fault (the backend sets it per module).
	GuardMemory bool
	// ContextRegisters and V128ContextRegisters, when set, are Registers
	// and V128Registers with the register that holds the instance
	// context added as a caller-saved one; ContextUse says how the code
	// for an instruction uses the context. A function whose loops spill
	// may be allocated with them (contextreg.go).
	ContextRegisters, V128ContextRegisters *regalloc.RegisterInfo
	ContextUse                             func(m *Instr) ContextUse
	// ContextRegisterCount is how many registers ContextRegisters adds
	// (each saved on entry, restored on return and loaded before a
	// call; 0 counts as 1).
	ContextRegisterCount int
	// registerlessLoops marks the loop headers of the function being
	// allocated again whose loops keep no constants in registers
	// (loopconst.go): they spilled floats with them.
	registerlessLoops map[ssa.BlockID]bool
}

// registersFor returns the register set to allocate l with.
func (t *Target) registersFor(l *Func) *regalloc.RegisterInfo {
	if l.V128 && t.V128Registers != nil {
		return t.V128Registers
	}
	return t.Registers
}

// PrepareModule takes every module-defined function of m from WebAssembly
// to allocated machine instructions and hands them to emit in order.
// Functions are translated, optimized (small functions inlined into their
// callers), lowered and allocated in parallel, while emit runs on the
// calling goroutine on those already done (see pipeline): the output does
// not depend on the scheduling, and an error is the first failing
// function's in index order.
func PrepareModule(m *wasm.Module, t *Target, emit func(*Allocation) error) error {
	tailCalls, err := HasTailCalls(m)
	if err != nil {
		return err
	}
	mt := *t
	mt.NoTailCalls, mt.NumImports, mt.NumImportedGlobals = !tailCalls, m.NumImportedFuncs, m.NumImportedGlobals
	t = &mt
	end := paceCompile()
	defer end()
	inline := inlineBodies(m)
	emitted := 0
	return pipeline(len(m.Codes), largestBody(m), func(k int) (*Allocation, error) {
		return prepare(m, m.NumImportedFuncs+uint32(k), t, inline)
	}, func(a *Allocation) error {
		if emitted++; emitted%repaceEvery == 0 {
			repace()
		}
		return emit(a)
	})
}

// largestBody is the index among m's defined functions of the one with
// the longest body (the first of equals), or -1 for a module without
// functions.
func largestBody(m *wasm.Module) int {
	k := -1
	for i := range m.Codes {
		if k < 0 || len(m.Codes[i].Body) > len(m.Codes[k].Body) {
			k = i
		}
	}
	return k
}

// repaceEvery is how many functions PrepareModule emits between two
// adjustments of the collector's target to the heap's live data.
const repaceEvery = 32

// prepare takes function idx from WebAssembly to allocated machine
// instructions, ready to emit, inlining the calls for which inline gives a
// body.
func prepare(m *wasm.Module, idx uint32, t *Target, inline func(uint32) *ssa.Func) (*Allocation, error) {
	f, err := frontend.Translate(m, idx)
	if err != nil {
		return nil, err
	}
	opt.Inline(f, inline)
	if err := opt.Optimize(f); err != nil {
		return nil, err
	}
	if t.SIMD && opt.Vectorize(f)+opt.VectorizeExits(f) > 0 {
		opt.Tidy(f)
		if err := f.Verify(); err != nil {
			return nil, fmt.Errorf("after vectorizing: %w", err)
		}
	}
	opt.DropRedundantMasks(f)
	opt.MergeStraightLine(f)
	opt.SinkIntoBackEdges(f)
	duplicateLatches(f)
	duplicateReturns(f)
	a, err := lowerAndAllocate(f, t)
	if err != nil {
		return nil, err
	}
	a, t, err = t.withLoopConstantsChecked(f, a)
	if err != nil {
		return nil, err
	}
	if a, err = t.withContextRegister(f, a); err != nil {
		return nil, err
	}
	if t.SaveRegions {
		a.PlaceSaves()
	}
	return a, nil
}

// lowerAndAllocate lowers f and allocates its registers, with the frame
// set up where its calls need it if t shrink-wraps.
func lowerAndAllocate(f *ssa.Func, t *Target) (*Allocation, error) {
	l, err := Lower(f, t)
	if err != nil {
		return nil, err
	}
	if t.ShrinkWrap {
		a, split, err := shrinkWrapped(l, t)
		if a != nil || err != nil {
			return a, err
		}
		if split {
			// The copies ShrinkWrap made would cost moves and registers
			// for nothing with the frame on entry: lower again.
			if l, err = Lower(f, t); err != nil {
				return nil, err
			}
		}
	}
	return Allocate(l, t.registersFor(l))
}

// shrinkWrapped allocates the lowered function l with its frame set up
// where its calls need it (Func.ShrinkWrap), or returns a nil Allocation
// when the frame stays on entry. When no block qualifies, l is left as
// it was, to be allocated as it is: most functions are lowered once.
// When the allocation needs the frame before the chosen block
// (Allocation.FramedBlocks), split is true: l is spent (ShrinkWrap's
// copies, and the allocation's rewriting), and the function must be
// lowered again.
func shrinkWrapped(l *Func, t *Target) (a *Allocation, split bool, err error) {
	if l.ShrinkWrap(t.GuardMemory); l.FrameBlock == 0 {
		return nil, false, nil
	}
	regs := t.registersFor(l)
	if a, err = Allocate(l, regs); err != nil {
		return nil, true, err
	}
	if a.Framed = a.FramedBlocks(regs.CalleeSaved, t.GuardMemory); a.Framed == nil {
		a.Release()
		return nil, true, nil
	}
	return a, true, nil
}

// parallel runs work(0..n-1) on up to GOMAXPROCS goroutines and waits.
func parallel(n int, work func(k int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				work(k)
			}
		}()
	}
	wg.Wait()
}

// CodeSizeHint is room enough for most modules' machine code: four bytes
// per byte of their functions' bodies and a page for the stubs (the
// suite's and the shootout's modules take 1.4 to 5.1 bytes per byte,
// ed25519 3.0 to 3.7). An emitter starts its code buffer at that
// capacity, so that a large module's code is not copied a dozen times as
// it grows.
func CodeSizeHint(m *wasm.Module) int {
	n := 4096
	for i := range m.Codes {
		n += 4 * len(m.Codes[i].Body)
	}
	return n
}

// HasTailCalls reports whether any function body uses return_call or
// return_call_indirect: what wasm.Validate recorded, or, for a module
// whose bodies it has not validated, what decoding them finds.
func HasTailCalls(m *wasm.Module) (bool, error) {
	if m.BodiesValidated {
		return m.TailCalls, nil
	}
	var r wasm.Reader
	var in wasm.Instr
	for i := range m.Codes {
		r.Reset(m.Codes[i].Body, m.Codes[i].Offset)
		for r.Len() > 0 {
			if err := r.ReadInstr(&in); err != nil {
				return false, fmt.Errorf("function %d: %w", m.NumImportedFuncs+uint32(i), err)
			}
			if in.Op == wasm.OpReturnCall || in.Op == wasm.OpReturnCallIndirect {
				return true, nil
			}
		}
	}
	return false, nil
}
