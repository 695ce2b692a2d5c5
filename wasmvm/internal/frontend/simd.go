package frontend

import (
	"encoding/binary"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// simd translates the SIMD instruction in t.in (prefix 0xFD).
func (t *translator) simd() error {
	in := &t.in
	op := &wasm.SIMDOps[in.Sub]
	v128 := ssa.TypeV128
	switch op.Kind {
	case wasm.SIMDLoad, wasm.SIMDStore, wasm.SIMDLoadLane, wasm.SIMDStoreLane:
		return t.simdMemory(op)
	case wasm.SIMDConst:
		t.emit(&ssa.Instr{Op: ssa.OpV128const, Imm: binary.LittleEndian.Uint64(in.V128[:8]),
			Imm2: binary.LittleEndian.Uint64(in.V128[8:])}, v128)
	case wasm.SIMDShuffle:
		args := t.popN(2)
		t.emit(&ssa.Instr{Op: ssa.OpVshuffle, Imm: binary.LittleEndian.Uint64(in.V128[:8]),
			Imm2: binary.LittleEndian.Uint64(in.V128[8:]), Args: args}, v128)
	case wasm.SIMDSplat:
		t.emit(&ssa.Instr{Op: ssa.OpVsplat, Aux: uint32(vecOps()[in.Sub].shape), Args: t.popN(1)}, v128)
	case wasm.SIMDReplace:
		t.emit(&ssa.Instr{Op: ssa.OpVinsertLane, Aux: uint32(vecOps()[in.Sub].shape), Imm: uint64(in.Index),
			Args: t.popN(2)}, v128)
	case wasm.SIMDExtract:
		v := vecOps()[in.Sub]
		t.emit(&ssa.Instr{Op: v.op, Aux: uint32(v.shape), Imm: uint64(in.Index), Args: t.popN(1)}, ssaType(op.Scalar))
	default:
		v := vecOps()[in.Sub]
		if v.op == ssa.OpInvalid {
			return fmt.Errorf("no SSA operation for %s", op.Name)
		}
		n := simdOperands[op.Kind]
		result := v128
		if op.Kind == wasm.SIMDTest {
			result = ssa.TypeI32
		}
		t.emit(&ssa.Instr{Op: v.op, Aux: uint32(v.shape), Cond: v.cond, Imm: v.half, Args: t.popN(n)}, result)
	}
	return nil
}

// simdOperands is the number of operands of the SIMD instructions of a
// kind without immediates.
var simdOperands = [...]int{wasm.SIMDUnary: 1, wasm.SIMDTest: 1, wasm.SIMDBinary: 2,
	wasm.SIMDShift: 2, wasm.SIMDTernary: 3}

// simdMemory translates the SIMD loads and stores.
func (t *translator) simdMemory(op *wasm.SIMDOp) error {
	l, ok := simdLoads[op.Name]
	if !ok {
		return fmt.Errorf("no SSA operation for %s", op.Name)
	}
	in := &ssa.Instr{Op: l.op, Aux: uint32(l.acc), Imm: t.in.Mem.Offset}
	switch l.op {
	case ssa.OpVloadSextend, ssa.OpVloadUextend:
		in.Aux2 = uint32(l.shape)
	case ssa.OpVloadLane, ssa.OpVstoreLane:
		in.Aux2 = t.in.Index
	}
	switch l.op {
	case ssa.OpStore, ssa.OpVloadLane, ssa.OpVstoreLane:
		in.Args = t.popN(2) // address, vector
	default:
		in.Args = t.popN(1)
	}
	if l.op == ssa.OpStore || l.op == ssa.OpVstoreLane {
		t.b.Emit(in)
		return nil
	}
	t.emit(in, ssa.TypeV128)
	return nil
}
