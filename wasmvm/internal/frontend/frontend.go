// Package frontend translates the functions of a validated WebAssembly
// module into SSA functions (package ssa).
//
// Locals become SSA variables, the operand stack becomes SSA values, and
// structured control flow becomes blocks: a block's or if's continuation and
// a loop's header take the label's values as block parameters. Memory,
// globals, tables and calls stay abstract operations (OpLoad with a static
// offset, OpGlobalGet with an index, ...): how they reach the instance is
// decided by the backend's lowering, so one front end serves both memory
// modes and both instruction sets.
//
// The input must have passed wasm.Validate: the translator trusts the
// types and indices it reads.
package frontend

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// frameKind is the construct that opened a control frame.
type frameKind uint8

const (
	frameFunc frameKind = iota
	frameBlock
	frameLoop
	frameIf
	frameElse
)

// frame is a control frame of the translation.
type frame struct {
	kind    frameKind
	params  []ssa.Type
	results []ssa.Type
	// height is the operand stack height below the frame's parameters.
	height int
	// follow is where control goes at the frame's end; its parameters
	// are the frame's results.
	follow *ssa.Block
	// header is a loop's first block; its parameters are the loop's
	// parameters.
	header *ssa.Block
	// elseBlock is an if's false branch, entered with paramValues.
	elseBlock   *ssa.Block
	paramValues []ssa.Value
}

// branchTarget returns the block a branch to f jumps to and the number of
// values it carries.
func (f *frame) branchTarget() (*ssa.Block, int) {
	if f.kind == frameLoop {
		return f.header, len(f.params)
	}
	return f.follow, len(f.results)
}

// translator holds the state of translating one function.
type translator struct {
	m      *wasm.Module
	f      *ssa.Func
	b      *ssa.Builder
	locals []ssa.Variable
	stack  []ssa.Value
	ctrls  []frame
	// dead counts the blocks opened inside unreachable code; dead >= 0
	// with reachable false means the current code is unreachable.
	reachable bool
	dead      int
	in        wasm.Instr
	r         wasm.Reader
}

// Translate builds the SSA form of module-defined function idx (an index
// in the function index space).
func Translate(m *wasm.Module, idx uint32) (*ssa.Func, error) {
	defined := idx - m.NumImportedFuncs
	if idx < m.NumImportedFuncs || defined >= uint32(len(m.Codes)) {
		return nil, fmt.Errorf("function %d is not defined by the module", idx)
	}
	ft := &m.Types[m.Functions[defined]]
	sig := ssa.Signature{Params: SSATypes(ft.Params), Results: SSATypes(ft.Results)}
	name := m.FuncName(idx)
	if name == "" {
		name = fmt.Sprintf("f%d", idx)
	}
	t := &translator{m: m, f: ssa.NewFunc(name, sig), reachable: true}
	t.b = ssa.NewBuilder(t.f)
	code := &m.Codes[defined]
	// About one value per two bytes of code, and a block per twelve.
	t.f.Reserve(len(code.Body)/2, len(code.Body)/12)
	if err := t.function(sig, code); err != nil {
		return nil, fmt.Errorf("translate function %d: %w", idx, err)
	}
	return t.f, nil
}

func (t *translator) function(sig ssa.Signature, code *wasm.Code) error {
	entry := t.f.Entry()
	for i, p := range sig.Params {
		v := t.b.DeclareVariable(p)
		t.b.DefineVariable(v, entry.Params[i])
		t.locals = append(t.locals, v)
	}
	for _, d := range code.Locals {
		st := ssaType(d.Type)
		zero := t.zero(st)
		for i := uint32(0); i < d.Count; i++ {
			v := t.b.DeclareVariable(st)
			t.b.DefineVariable(v, zero)
			t.locals = append(t.locals, v)
		}
	}
	ret := t.f.NewBlock()
	for _, r := range sig.Results {
		t.f.AddParam(ret, r)
	}
	t.ctrls = append(t.ctrls, frame{kind: frameFunc, results: sig.Results, follow: ret})
	t.r.Reset(code.Body, code.Offset)
	for t.r.Len() > 0 {
		offset := t.r.Offset()
		if err := t.r.ReadInstr(&t.in); err != nil {
			return fmt.Errorf("offset 0x%x: %w", offset, err)
		}
		if err := t.instr(); err != nil {
			return fmt.Errorf("offset 0x%x: %s: %w", offset, wasm.OpName(t.in.Op, t.in.Sub), err)
		}
	}
	if len(t.ctrls) != 0 {
		return fmt.Errorf("function body ends inside a block")
	}
	return t.f.Verify()
}

// zero returns a zero constant of type st in the entry block.
func (t *translator) zero(st ssa.Type) ssa.Value {
	switch st {
	case ssa.TypeF32:
		return t.b.Value1(ssa.OpF32const, st)
	case ssa.TypeF64:
		return t.b.Value1(ssa.OpF64const, st)
	case ssa.TypeV128:
		return t.b.Value1(ssa.OpV128const, st)
	}
	return t.b.Iconst(st, 0)
}

func (t *translator) push(v ssa.Value) { t.stack = append(t.stack, v) }

func (t *translator) pop() ssa.Value {
	v := t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
	return v
}

// popN removes the top n values and returns a copy of them, bottom first.
func (t *translator) popN(n int) []ssa.Value {
	vs := append([]ssa.Value(nil), t.stack[len(t.stack)-n:]...)
	t.stack = t.stack[:len(t.stack)-n]
	return vs
}

// topN returns a copy of the top n values without removing them.
func (t *translator) topN(n int) []ssa.Value {
	return append([]ssa.Value(nil), t.stack[len(t.stack)-n:]...)
}

func (t *translator) blockType(bt int64) (params, results []ssa.Type) {
	switch {
	case bt == wasm.BlockEmpty:
		return nil, nil
	case bt < 0:
		return nil, []ssa.Type{ssaType(wasm.ValueType(byte(bt) & 0x7F))}
	}
	ft := &t.m.Types[bt]
	return SSATypes(ft.Params), SSATypes(ft.Results)
}

// newBlockWithParams returns a new block with parameters of types ts.
func (t *translator) newBlockWithParams(ts []ssa.Type) *ssa.Block {
	blk := t.f.NewBlock()
	for _, ty := range ts {
		t.f.AddParam(blk, ty)
	}
	return blk
}

// emit appends an instruction with the given result types to the current
// block and pushes its results.
func (t *translator) emit(in *ssa.Instr, results ...ssa.Type) *ssa.Instr {
	in = t.b.Emit(in, results...)
	t.stack = append(t.stack, in.Results...)
	return in
}

// setUnreachable marks the rest of the current block dead.
func (t *translator) setUnreachable() {
	t.reachable = false
	t.dead = 0
}
