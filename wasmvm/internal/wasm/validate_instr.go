package wasm

import (
	"errors"
	"fmt"
)

// instr applies the typing rule of the instruction in fv.in.
func (fv *funcValidator) instr() error {
	in := &fv.in
	op := in.Op
	if sig := &NumericSigs[op]; sig.NumIn != 0 {
		for i := int(sig.NumIn) - 1; i >= 0; i-- {
			if _, err := fv.pop(sig.In[i]); err != nil {
				return err
			}
		}
		fv.push(sig.Out)
		return nil
	}
	if acc := &MemoryAccesses[op]; acc.Type != 0 {
		if err := fv.memArg(in.Mem, acc.Align); err != nil {
			return err
		}
		if acc.Store {
			if _, err := fv.pop(acc.Type); err != nil {
				return err
			}
			_, err := fv.pop(I32)
			return err
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		fv.push(acc.Type)
		return nil
	}
	switch op {
	case OpUnreachable:
		fv.setUnreachable()
	case OpNop:
	case OpBlock, OpLoop, OpIf:
		params, results, err := fv.blockType(in.Block)
		if err != nil {
			return err
		}
		if op == OpIf {
			if _, err := fv.pop(I32); err != nil {
				return err
			}
		}
		if err := fv.popAll(params); err != nil {
			return err
		}
		fv.pushCtrl(op, params, results)
	case OpElse:
		f, err := fv.popCtrl()
		if err != nil {
			return err
		}
		if f.op != OpIf {
			return errors.New("else without a matching if")
		}
		fv.pushCtrl(OpElse, f.start, f.end)
	case OpEnd:
		f, err := fv.popCtrl()
		if err != nil {
			return err
		}
		if f.op == OpIf && !sameTypes(f.start, f.end) {
			return fmt.Errorf("%w: if without else must leave its parameters as results", errTypeMismatch)
		}
		fv.pushAll(f.end)
	case OpBr:
		l, err := fv.label(in.Index)
		if err != nil {
			return err
		}
		if err := fv.popAll(labelTypes(l)); err != nil {
			return err
		}
		fv.setUnreachable()
	case OpBrIf:
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		l, err := fv.label(in.Index)
		if err != nil {
			return err
		}
		types := labelTypes(l)
		if err := fv.popAll(types); err != nil {
			return err
		}
		fv.pushAll(types)
	case OpBrTable:
		return fv.brTable()
	case OpReturn:
		if err := fv.popAll(fv.result); err != nil {
			return err
		}
		fv.setUnreachable()
	case OpCall, OpReturnCall:
		if op == OpReturnCall {
			if !fv.v.features.TailCall {
				return errors.New("tail calls are not enabled")
			}
			fv.v.tailCalls = true
		}
		ft, err := fv.funcType(in.Index)
		if err != nil {
			return err
		}
		return fv.call(ft, op == OpReturnCall)
	case OpCallIndirect, OpReturnCallIndirect:
		if op == OpReturnCallIndirect {
			if !fv.v.features.TailCall {
				return errors.New("tail calls are not enabled")
			}
			fv.v.tailCalls = true
		}
		tt, err := fv.table(in.Index2)
		if err != nil {
			return err
		}
		if tt.Elem != FuncRef {
			return fmt.Errorf("%w: call_indirect through a table of %s", errTypeMismatch, tt.Elem)
		}
		ft, err := fv.typeAt(in.Index)
		if err != nil {
			return err
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		return fv.call(ft, op == OpReturnCallIndirect)
	case OpDrop:
		_, err := fv.popAny()
		return err
	case OpSelect:
		return fv.selectUntyped()
	case OpSelectT:
		if in.NumSelect != 1 {
			return errors.New("invalid result arity")
		}
		t := in.SelectT
		if !isValueType(t) {
			return fmt.Errorf("malformed value type 0x%02x", byte(t))
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		if _, err := fv.pop(t); err != nil {
			return err
		}
		if _, err := fv.pop(t); err != nil {
			return err
		}
		fv.push(t)
	case OpLocalGet, OpLocalSet, OpLocalTee:
		t, err := fv.local(in.Index)
		if err != nil {
			return err
		}
		if op != OpLocalGet {
			if _, err := fv.pop(t); err != nil {
				return err
			}
		}
		if op != OpLocalSet {
			fv.push(t)
		}
	case OpGlobalGet:
		g, err := fv.global(in.Index)
		if err != nil {
			return err
		}
		fv.push(g.Type)
	case OpGlobalSet:
		g, err := fv.global(in.Index)
		if err != nil {
			return err
		}
		if !g.Mutable {
			return fmt.Errorf("global is immutable: %d", in.Index)
		}
		_, err = fv.pop(g.Type)
		return err
	case OpTableGet, OpTableSet:
		tt, err := fv.table(in.Index)
		if err != nil {
			return err
		}
		if op == OpTableSet {
			if _, err := fv.pop(tt.Elem); err != nil {
				return err
			}
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		if op == OpTableGet {
			fv.push(tt.Elem)
		}
	case OpMemorySize:
		if err := fv.memory(); err != nil {
			return err
		}
		fv.push(I32)
	case OpMemoryGrow:
		if err := fv.memory(); err != nil {
			return err
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		fv.push(I32)
	case OpI32Const:
		fv.push(I32)
	case OpI64Const:
		fv.push(I64)
	case OpF32Const:
		fv.push(F32)
	case OpF64Const:
		fv.push(F64)
	case OpRefNull:
		t := ValueType(in.Index)
		if !t.IsRef() {
			return fmt.Errorf("malformed reference type 0x%02x", in.Index)
		}
		fv.push(t)
	case OpRefIsNull:
		t, err := fv.popAny()
		if err != nil {
			return err
		}
		if t != unknownType && !t.IsRef() {
			return fmt.Errorf("%w: ref.is_null on %s", errTypeMismatch, t)
		}
		fv.push(I32)
	case OpRefFunc:
		if _, err := fv.funcType(in.Index); err != nil {
			return err
		}
		if !fv.v.refs[in.Index] {
			return fmt.Errorf("undeclared function reference %d", in.Index)
		}
		fv.push(FuncRef)
	case OpPrefixMisc:
		return fv.misc()
	case OpPrefixSIMD:
		return fv.simd()
	default:
		return fmt.Errorf("illegal opcode 0x%02x", op)
	}
	return nil
}

func isValueType(t ValueType) bool {
	switch t {
	case I32, I64, F32, F64, V128, FuncRef, ExternRef:
		return true
	}
	return false
}

func (fv *funcValidator) call(ft *FuncType, tail bool) error {
	if err := fv.popAll(ft.Params); err != nil {
		return err
	}
	if tail {
		if !sameTypes(ft.Results, fv.result) {
			return fmt.Errorf("%w: tail call results %s differ from the function's", errTypeMismatch, typeList(ft.Results))
		}
		fv.setUnreachable()
		return nil
	}
	fv.pushAll(ft.Results)
	return nil
}

func (fv *funcValidator) brTable() error {
	in := &fv.in
	if _, err := fv.pop(I32); err != nil {
		return err
	}
	def, err := fv.label(in.Index)
	if err != nil {
		return err
	}
	arity := len(labelTypes(def))
	for _, t := range in.Targets {
		l, err := fv.label(t)
		if err != nil {
			return err
		}
		types := labelTypes(l)
		if len(types) != arity {
			return fmt.Errorf("%w: br_table targets of different arity", errTypeMismatch)
		}
		if fv.v.features.MVP && !sameTypes(types, labelTypes(def)) {
			// WebAssembly 1.0 requires the same label types for all
			// targets; 2.0 only requires each to match the operands.
			return fmt.Errorf("%w: br_table targets of different types", errTypeMismatch)
		}
		// Pop and re-push so that each target is checked against the
		// same operands, as the specification's algorithm does.
		if err := fv.scratchPop(types); err != nil {
			return err
		}
	}
	if err := fv.popAll(labelTypes(def)); err != nil {
		return err
	}
	fv.setUnreachable()
	return nil
}

// scratchPop pops types and pushes back what was popped; operands of
// unreachable code stay unknown.
func (fv *funcValidator) scratchPop(types []ValueType) error {
	n := len(types)
	if cap(fv.brTypes) < n {
		fv.brTypes = make([]ValueType, n)
	}
	got := fv.brTypes[:n]
	for i := n - 1; i >= 0; i-- {
		t, err := fv.pop(types[i])
		if err != nil {
			return err
		}
		got[i] = t
	}
	fv.pushAll(got)
	return nil
}

func (fv *funcValidator) selectUntyped() error {
	if _, err := fv.pop(I32); err != nil {
		return err
	}
	t1, err := fv.popAny()
	if err != nil {
		return err
	}
	t2, err := fv.popAny()
	if err != nil {
		return err
	}
	if t1.IsRef() || t2.IsRef() {
		return fmt.Errorf("%w: select without a type on reference operands", errTypeMismatch)
	}
	if t1 != t2 && t1 != unknownType && t2 != unknownType {
		return fmt.Errorf("%w: select operands %s and %s", errTypeMismatch, t1, t2)
	}
	if t1 == unknownType {
		t1 = t2
	}
	fv.push(t1)
	return nil
}

func (fv *funcValidator) popI32s(n int) error {
	for i := 0; i < n; i++ {
		if _, err := fv.pop(I32); err != nil {
			return err
		}
	}
	return nil
}

func (fv *funcValidator) misc() error {
	in := &fv.in
	switch sub := in.Sub; sub {
	case MiscI32TruncSatF32S, MiscI32TruncSatF32U, MiscI32TruncSatF64S, MiscI32TruncSatF64U,
		MiscI64TruncSatF32S, MiscI64TruncSatF32U, MiscI64TruncSatF64S, MiscI64TruncSatF64U:
		from, to := TruncSatSig(sub)
		if _, err := fv.pop(from); err != nil {
			return err
		}
		fv.push(to)
	case MiscMemoryInit:
		if err := fv.memory(); err != nil {
			return err
		}
		if err := fv.dataSegment(in.Index); err != nil {
			return err
		}
		return fv.popI32s(3)
	case MiscDataDrop:
		return fv.dataSegment(in.Index)
	case MiscMemoryCopy, MiscMemoryFill:
		if err := fv.memory(); err != nil {
			return err
		}
		if sub == MiscMemoryFill {
			if _, err := fv.pop(I32); err != nil {
				return err
			}
			if _, err := fv.pop(I32); err != nil {
				return err
			}
			_, err := fv.pop(I32)
			return err
		}
		return fv.popI32s(3)
	case MiscTableInit:
		tt, err := fv.table(in.Index)
		if err != nil {
			return err
		}
		et, err := fv.elemSegment(in.Index2)
		if err != nil {
			return err
		}
		if et != tt.Elem {
			return fmt.Errorf("%w: segment of %s into a table of %s", errTypeMismatch, et, tt.Elem)
		}
		return fv.popI32s(3)
	case MiscElemDrop:
		_, err := fv.elemSegment(in.Index)
		return err
	case MiscTableCopy:
		dst, err := fv.table(in.Index)
		if err != nil {
			return err
		}
		src, err := fv.table(in.Index2)
		if err != nil {
			return err
		}
		if dst.Elem != src.Elem {
			return fmt.Errorf("%w: copy from a table of %s to a table of %s", errTypeMismatch, src.Elem, dst.Elem)
		}
		return fv.popI32s(3)
	case MiscTableGrow, MiscTableSize, MiscTableFill:
		tt, err := fv.table(in.Index)
		if err != nil {
			return err
		}
		switch sub {
		case MiscTableSize:
			fv.push(I32)
		case MiscTableGrow:
			if _, err := fv.pop(I32); err != nil {
				return err
			}
			if _, err := fv.pop(tt.Elem); err != nil {
				return err
			}
			fv.push(I32)
		case MiscTableFill:
			if _, err := fv.pop(I32); err != nil {
				return err
			}
			if _, err := fv.pop(tt.Elem); err != nil {
				return err
			}
			_, err := fv.pop(I32)
			return err
		}
	default:
		return fmt.Errorf("illegal opcode 0xfc 0x%x", sub)
	}
	return nil
}

func (fv *funcValidator) simd() error {
	in := &fv.in
	op := &SIMDOps[in.Sub]
	switch op.Kind {
	case SIMDLoad, SIMDStore, SIMDLoadLane, SIMDStoreLane:
		if err := fv.memArg(in.Mem, op.Align); err != nil {
			return err
		}
		if op.Kind == SIMDLoadLane || op.Kind == SIMDStoreLane {
			if in.Index >= uint32(op.Lanes) {
				return fmt.Errorf("invalid lane index %d", in.Index)
			}
			if _, err := fv.pop(V128); err != nil {
				return err
			}
		}
		if op.Kind == SIMDStore {
			if _, err := fv.pop(V128); err != nil {
				return err
			}
		}
		if _, err := fv.pop(I32); err != nil {
			return err
		}
		if op.Kind == SIMDLoad || op.Kind == SIMDLoadLane {
			fv.push(V128)
		}
	case SIMDConst:
		fv.push(V128)
	case SIMDShuffle:
		for _, l := range in.V128 {
			if l >= 32 {
				return fmt.Errorf("invalid lane index %d", l)
			}
		}
		return fv.popPush(V128, V128, V128)
	case SIMDExtract:
		if in.Index >= uint32(op.Lanes) {
			return fmt.Errorf("invalid lane index %d", in.Index)
		}
		return fv.popPush(op.Scalar, V128)
	case SIMDReplace:
		if in.Index >= uint32(op.Lanes) {
			return fmt.Errorf("invalid lane index %d", in.Index)
		}
		return fv.popPush(V128, V128, op.Scalar)
	case SIMDSplat:
		return fv.popPush(V128, op.Scalar)
	case SIMDUnary:
		return fv.popPush(V128, V128)
	case SIMDBinary:
		return fv.popPush(V128, V128, V128)
	case SIMDTernary:
		return fv.popPush(V128, V128, V128, V128)
	case SIMDTest:
		return fv.popPush(I32, V128)
	case SIMDShift:
		return fv.popPush(V128, V128, I32)
	}
	return nil
}

// popPush pops operands (listed bottom to top) and pushes result.
func (fv *funcValidator) popPush(result ValueType, operands ...ValueType) error {
	if err := fv.popAll(operands); err != nil {
		return err
	}
	fv.push(result)
	return nil
}
