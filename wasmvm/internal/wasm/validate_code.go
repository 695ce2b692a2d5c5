package wasm

import (
	"errors"
	"fmt"
)

// ctrlFrame is an entry of the control stack of the validation algorithm
// (spec appendix A.3).
type ctrlFrame struct {
	op          Opcode
	start, end  []ValueType
	height      int
	unreachable bool
}

// funcValidator validates one function body at a time; its stacks are reused
// across functions.
type funcValidator struct {
	v         *validator
	params    []ValueType
	localRuns []localRun // declared locals as runs of one type
	numLocals uint32     // parameters plus declared locals
	vals      []ValueType
	ctrls     []ctrlFrame
	offset    int // module offset of the instruction being validated
	in        Instr
	r         Reader
	result    []ValueType
	brTypes   []ValueType
}

var (
	errTypeMismatch = errors.New("type mismatch")
)

func (fv *funcValidator) validate(v *validator, idx uint32, c *Code) error {
	fv.v = v
	ft := &v.m.Types[v.funcs[idx]]
	fv.params = ft.Params
	fv.localRuns = fv.localRuns[:0]
	end := uint32(len(ft.Params))
	for _, d := range c.Locals {
		end += d.Count
		fv.localRuns = append(fv.localRuns, localRun{end: end, t: d.Type})
	}
	fv.numLocals = end
	fv.vals = fv.vals[:0]
	fv.ctrls = fv.ctrls[:0]
	fv.result = ft.Results
	fv.pushCtrl(OpBlock, nil, ft.Results)
	fv.r.Reset(c.Body, c.Offset)
	for fv.r.Len() > 0 {
		fv.offset = fv.r.Offset()
		if err := fv.r.ReadInstr(&fv.in); err != nil {
			return err
		}
		if err := fv.instr(); err != nil {
			return fmt.Errorf("%s: %w", OpName(fv.in.Op, fv.in.Sub), err)
		}
		if len(fv.ctrls) == 0 {
			if fv.r.Len() != 0 {
				fv.offset = fv.r.Offset()
				return errors.New("operators remaining after the end of the function")
			}
			return nil
		}
	}
	return errors.New("unexpected end of section or function")
}

func (fv *funcValidator) push(t ValueType) { fv.vals = append(fv.vals, t) }

func (fv *funcValidator) pushAll(ts []ValueType) { fv.vals = append(fv.vals, ts...) }

func (fv *funcValidator) popAny() (ValueType, error) {
	top := &fv.ctrls[len(fv.ctrls)-1]
	if len(fv.vals) == top.height {
		if top.unreachable {
			return unknownType, nil
		}
		return 0, fmt.Errorf("%w: operand stack is empty", errTypeMismatch)
	}
	t := fv.vals[len(fv.vals)-1]
	fv.vals = fv.vals[:len(fv.vals)-1]
	return t, nil
}

func (fv *funcValidator) pop(want ValueType) (ValueType, error) {
	t, err := fv.popAny()
	if err != nil {
		return 0, fmt.Errorf("%w: expected %s", err, want)
	}
	if t != want && t != unknownType && want != unknownType {
		return 0, fmt.Errorf("%w: expected %s, got %s", errTypeMismatch, want, t)
	}
	return t, nil
}

func (fv *funcValidator) popAll(ts []ValueType) error {
	for i := len(ts) - 1; i >= 0; i-- {
		if _, err := fv.pop(ts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (fv *funcValidator) pushCtrl(op Opcode, start, end []ValueType) {
	fv.ctrls = append(fv.ctrls, ctrlFrame{op: op, start: start, end: end, height: len(fv.vals)})
	fv.pushAll(start)
}

func (fv *funcValidator) popCtrl() (ctrlFrame, error) {
	if len(fv.ctrls) == 0 {
		return ctrlFrame{}, errors.New("control stack is empty")
	}
	f := fv.ctrls[len(fv.ctrls)-1]
	if err := fv.popAll(f.end); err != nil {
		return f, err
	}
	if len(fv.vals) != f.height {
		return f, fmt.Errorf("%w: %d values remain on the stack at the end of the block", errTypeMismatch, len(fv.vals)-f.height)
	}
	fv.ctrls = fv.ctrls[:len(fv.ctrls)-1]
	return f, nil
}

func labelTypes(f *ctrlFrame) []ValueType {
	if f.op == OpLoop {
		return f.start
	}
	return f.end
}

func (fv *funcValidator) setUnreachable() {
	top := &fv.ctrls[len(fv.ctrls)-1]
	fv.vals = fv.vals[:top.height]
	top.unreachable = true
}

// label returns the frame that branch depth n targets.
func (fv *funcValidator) label(n uint32) (*ctrlFrame, error) {
	if uint64(n) >= uint64(len(fv.ctrls)) {
		return nil, fmt.Errorf("unknown label %d", n)
	}
	return &fv.ctrls[len(fv.ctrls)-1-int(n)], nil
}

// blockType resolves a block type immediate to its parameter and result
// types.
func (fv *funcValidator) blockType(bt int64) (params, results []ValueType, err error) {
	if bt == BlockEmpty {
		return nil, nil, nil
	}
	if bt < 0 {
		t := ValueType(byte(bt) & 0x7F)
		switch t {
		case I32, I64, F32, F64, V128, FuncRef, ExternRef:
			// One static slice per type keeps frames allocation-free.
			return nil, singleTypes[t][:], nil
		}
		return nil, nil, fmt.Errorf("malformed block type 0x%02x", byte(bt)&0x7F)
	}
	if bt >= int64(len(fv.v.m.Types)) {
		return nil, nil, fmt.Errorf("unknown type %d", bt)
	}
	t := &fv.v.m.Types[bt]
	return t.Params, t.Results, nil
}

var singleTypes = func() (t [256][1]ValueType) {
	for _, v := range []ValueType{I32, I64, F32, F64, V128, FuncRef, ExternRef} {
		t[v] = [1]ValueType{v}
	}
	return t
}()

// localRun is a run of declared locals of one type ending before index end.
type localRun struct {
	end uint32
	t   ValueType
}

func (fv *funcValidator) local(idx uint32) (ValueType, error) {
	if idx >= fv.numLocals {
		return 0, fmt.Errorf("unknown local %d", idx)
	}
	if idx < uint32(len(fv.params)) {
		return fv.params[idx], nil
	}
	runs := fv.localRuns
	lo, hi := 0, len(runs)
	for lo < hi {
		mid := (lo + hi) / 2
		if runs[mid].end <= idx {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return runs[lo].t, nil
}

func (fv *funcValidator) global(idx uint32) (GlobalType, error) {
	if idx >= uint32(len(fv.v.globals)) {
		return GlobalType{}, fmt.Errorf("unknown global %d", idx)
	}
	return fv.v.globals[idx], nil
}

func (fv *funcValidator) table(idx uint32) (TableType, error) {
	if idx >= uint32(len(fv.v.tables)) {
		return TableType{}, fmt.Errorf("unknown table %d", idx)
	}
	return fv.v.tables[idx], nil
}

func (fv *funcValidator) funcType(idx uint32) (*FuncType, error) {
	if idx >= uint32(len(fv.v.funcs)) {
		return nil, fmt.Errorf("unknown function %d", idx)
	}
	return &fv.v.m.Types[fv.v.funcs[idx]], nil
}

func (fv *funcValidator) typeAt(idx uint32) (*FuncType, error) {
	if idx >= uint32(len(fv.v.m.Types)) {
		return nil, fmt.Errorf("unknown type %d", idx)
	}
	return &fv.v.m.Types[idx], nil
}

func (fv *funcValidator) memory() error {
	if fv.v.m.NumMemories() == 0 {
		return errors.New("unknown memory 0")
	}
	return nil
}

// memArg checks the memory exists and the alignment does not exceed the
// natural alignment of an access of 1<<natural bytes.
func (fv *funcValidator) memArg(a MemArg, natural byte) error {
	if err := fv.memory(); err != nil {
		return err
	}
	if a.AlignLog2 > uint32(natural) {
		return errors.New("alignment must not be larger than natural")
	}
	return nil
}

func (fv *funcValidator) dataSegment(idx uint32) error {
	if fv.v.m.DataCount == nil {
		return errors.New("data count section required")
	}
	if idx >= *fv.v.m.DataCount {
		return fmt.Errorf("unknown data segment %d", idx)
	}
	return nil
}

func (fv *funcValidator) elemSegment(idx uint32) (ValueType, error) {
	if idx >= uint32(len(fv.v.m.Elements)) {
		return 0, fmt.Errorf("unknown elem segment %d", idx)
	}
	return fv.v.m.Elements[idx].Type, nil
}
