package frontend

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// plainInstr translates an instruction that does not change control flow.
func (t *translator) plainInstr() error {
	in := &t.in
	op := in.Op
	if sig := &wasm.NumericSigs[op]; sig.NumIn != 0 {
		t.numeric(op, sig)
		return nil
	}
	if acc := memAccesses[op]; acc != 0 {
		t.memory(op, acc)
		return nil
	}
	switch op {
	case wasm.OpNop:
	case wasm.OpDrop:
		t.pop()
	case wasm.OpSelect, wasm.OpSelectT:
		cond := t.pop()
		y := t.pop()
		x := t.pop()
		t.emit(&ssa.Instr{Op: ssa.OpSelect, Args: []ssa.Value{cond, x, y}}, t.f.TypeOf(x))
	case wasm.OpLocalGet:
		t.push(t.b.UseVariable(t.locals[in.Index]))
	case wasm.OpLocalSet:
		t.b.DefineVariable(t.locals[in.Index], t.pop())
	case wasm.OpLocalTee:
		t.b.DefineVariable(t.locals[in.Index], t.stack[len(t.stack)-1])
	case wasm.OpGlobalGet:
		gt, _, _ := t.m.GlobalAt(in.Index)
		t.emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: in.Index}, ssaType(gt.Type))
	case wasm.OpGlobalSet:
		t.b.Emit(&ssa.Instr{Op: ssa.OpGlobalSet, Aux: in.Index, Args: []ssa.Value{t.pop()}})
	case wasm.OpCall:
		ti, _ := t.m.FuncTypeIndex(in.Index)
		if isClockTimeGet(t.m, in.Index) {
			t.clockTimeGet(in.Index, &t.m.Types[ti])
			return nil
		}
		t.call(&ssa.Instr{Op: ssa.OpCall, Aux: in.Index}, &t.m.Types[ti], nil)
	case wasm.OpCallIndirect:
		elem := t.pop()
		t.call(&ssa.Instr{Op: ssa.OpCallIndirect, Aux: in.Index, Aux2: in.Index2}, &t.m.Types[in.Index], []ssa.Value{elem})
	case wasm.OpReturnCall:
		ti, _ := t.m.FuncTypeIndex(in.Index)
		args := t.popN(len(t.m.Types[ti].Params))
		t.b.Emit(&ssa.Instr{Op: ssa.OpReturnCall, Aux: in.Index, Args: args})
		t.setUnreachable()
	case wasm.OpReturnCallIndirect:
		elem := t.pop()
		args := t.popN(len(t.m.Types[in.Index].Params))
		t.b.Emit(&ssa.Instr{Op: ssa.OpReturnCallIndirect, Aux: in.Index, Aux2: in.Index2,
			Args: append([]ssa.Value{elem}, args...)})
		t.setUnreachable()
	case wasm.OpI32Const:
		t.push(t.b.Iconst(ssa.TypeI32, in.Const))
	case wasm.OpI64Const:
		t.push(t.b.Iconst(ssa.TypeI64, in.Const))
	case wasm.OpF32Const:
		t.emit(&ssa.Instr{Op: ssa.OpF32const, Imm: in.Const}, ssa.TypeF32)
	case wasm.OpF64Const:
		t.emit(&ssa.Instr{Op: ssa.OpF64const, Imm: in.Const}, ssa.TypeF64)
	case wasm.OpMemorySize:
		t.emit(&ssa.Instr{Op: ssa.OpMemorySize}, ssa.TypeI32)
	case wasm.OpMemoryGrow:
		t.emit(&ssa.Instr{Op: ssa.OpMemoryGrow, Args: []ssa.Value{t.pop()}}, ssa.TypeI32)
	case wasm.OpRefNull:
		t.push(t.b.Iconst(ssa.TypeI64, 0))
	case wasm.OpRefIsNull:
		ref := t.pop()
		zero := t.b.Iconst(ssa.TypeI64, 0)
		t.emit(&ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{ref, zero}}, ssa.TypeI32)
	case wasm.OpRefFunc:
		t.emit(&ssa.Instr{Op: ssa.OpRefFunc, Aux: in.Index}, ssa.TypeI64)
	case wasm.OpTableGet:
		t.emit(&ssa.Instr{Op: ssa.OpTableGet, Aux: in.Index, Args: []ssa.Value{t.pop()}}, ssa.TypeI64)
	case wasm.OpTableSet:
		ref := t.pop()
		idx := t.pop()
		t.b.Emit(&ssa.Instr{Op: ssa.OpTableSet, Aux: in.Index, Args: []ssa.Value{idx, ref}})
	case wasm.OpPrefixMisc:
		return t.misc()
	case wasm.OpPrefixSIMD:
		return t.simd()
	default:
		return fmt.Errorf("unexpected opcode 0x%02x", op)
	}
	return nil
}

func (t *translator) numeric(op wasm.Opcode, sig *wasm.NumericSig) {
	resultType := ssaType(sig.Out)
	switch op {
	case wasm.OpI32Eqz, wasm.OpI64Eqz:
		x := t.pop()
		zero := t.b.Iconst(t.f.TypeOf(x), 0)
		t.emit(&ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{x, zero}}, ssa.TypeI32)
		return
	}
	n := numerics[op]
	args := t.popN(int(sig.NumIn))
	t.emit(&ssa.Instr{Op: n.op, Cond: n.cond, Aux: n.aux, Args: args}, resultType)
}

func (t *translator) memory(op wasm.Opcode, acc ssa.MemAccess) {
	ma := &wasm.MemoryAccesses[op]
	if ma.Store {
		v := t.pop()
		addr := t.pop()
		t.b.Emit(&ssa.Instr{Op: ssa.OpStore, Aux: uint32(acc), Imm: t.in.Mem.Offset, Args: []ssa.Value{addr, v}})
		return
	}
	addr := t.pop()
	t.emit(&ssa.Instr{Op: ssa.OpLoad, Aux: uint32(acc), Imm: t.in.Mem.Offset, Args: []ssa.Value{addr}}, ssaType(ma.Type))
}

// call pops the callee's arguments, appends them after lead, and pushes
// the results.
func (t *translator) call(in *ssa.Instr, ft *wasm.FuncType, lead []ssa.Value) {
	args := t.popN(len(ft.Params))
	in.Args = append(lead, args...)
	t.emit(in, SSATypes(ft.Results)...)
}

func (t *translator) misc() error {
	in := &t.in
	args3 := func() []ssa.Value { return t.popN(3) }
	switch sub := in.Sub; sub {
	case wasm.MiscI32TruncSatF32S, wasm.MiscI32TruncSatF32U, wasm.MiscI32TruncSatF64S, wasm.MiscI32TruncSatF64U,
		wasm.MiscI64TruncSatF32S, wasm.MiscI64TruncSatF32U, wasm.MiscI64TruncSatF64S, wasm.MiscI64TruncSatF64U:
		_, to := wasm.TruncSatSig(sub)
		op := ssa.OpFcvtToSintSat
		if sub&1 == 1 {
			op = ssa.OpFcvtToUintSat
		}
		t.emit(&ssa.Instr{Op: op, Args: []ssa.Value{t.pop()}}, ssaType(to))
	case wasm.MiscMemoryInit:
		t.b.Emit(&ssa.Instr{Op: ssa.OpMemoryInit, Aux: in.Index, Args: args3()})
	case wasm.MiscDataDrop:
		t.b.Emit(&ssa.Instr{Op: ssa.OpDataDrop, Aux: in.Index})
	case wasm.MiscMemoryCopy:
		t.b.Emit(&ssa.Instr{Op: ssa.OpMemoryCopy, Args: args3()})
	case wasm.MiscMemoryFill:
		t.b.Emit(&ssa.Instr{Op: ssa.OpMemoryFill, Args: args3()})
	case wasm.MiscTableInit:
		t.b.Emit(&ssa.Instr{Op: ssa.OpTableInit, Aux: in.Index, Aux2: in.Index2, Args: args3()})
	case wasm.MiscElemDrop:
		t.b.Emit(&ssa.Instr{Op: ssa.OpElemDrop, Aux: in.Index})
	case wasm.MiscTableCopy:
		t.b.Emit(&ssa.Instr{Op: ssa.OpTableCopy, Aux: in.Index, Aux2: in.Index2, Args: args3()})
	case wasm.MiscTableGrow:
		delta := t.pop()
		ref := t.pop()
		t.emit(&ssa.Instr{Op: ssa.OpTableGrow, Aux: in.Index, Args: []ssa.Value{ref, delta}}, ssa.TypeI32)
	case wasm.MiscTableSize:
		t.emit(&ssa.Instr{Op: ssa.OpTableSize, Aux: in.Index}, ssa.TypeI32)
	case wasm.MiscTableFill:
		t.b.Emit(&ssa.Instr{Op: ssa.OpTableFill, Aux: in.Index, Args: args3()})
	default:
		return fmt.Errorf("unexpected 0xfc sub-opcode %d", sub)
	}
	return nil
}
