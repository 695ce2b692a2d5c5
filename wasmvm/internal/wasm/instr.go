package wasm

import (
	"errors"
	"fmt"
)

// BlockType immediates: a negative value is a single value type or empty,
// a non-negative value is a type index.
const (
	BlockEmpty int64 = -64 // 0x40 as s33
)

// MemArg is the immediate of a memory instruction.
type MemArg struct {
	AlignLog2 uint32
	Offset    uint64
}

// Instr is one decoded instruction. Which fields are meaningful depends on
// the opcode; the decoder fills only those.
type Instr struct {
	Op  Opcode
	Sub uint32 // sub-opcode after OpPrefixMisc or OpPrefixSIMD

	// Index is the index immediate (local, global, function, type, table,
	// label depth, element or data segment), a lane index, or the value
	// type of ref.null. Index2 is the second index where there are two
	// (call_indirect table, table.copy/table.init/memory.init source).
	Index, Index2 uint32

	Const     uint64 // i32 (sign-extended), i64, f32 or f64 bits
	Block     int64  // block type of block, loop and if
	Mem       MemArg
	V128      [16]byte  // v128.const bytes or i8x16.shuffle lanes
	Targets   []uint32  // br_table targets, without the default (in Index)
	SelectT   ValueType // the type of a typed select
	NumSelect uint32    // number of types of a typed select
}

var errZeroByte = errors.New("zero byte expected")

// ReadInstr decodes the next instruction into in. Targets is reused across
// calls: copy it if it must outlive the next call.
func (r *Reader) ReadInstr(in *Instr) error {
	op, err := r.Byte()
	if err != nil {
		return err
	}
	in.Op, in.Sub = op, 0
	switch {
	case op == OpBlock || op == OpLoop || op == OpIf:
		in.Block, err = r.S33()
	case op == OpBr || op == OpBrIf || op == OpCall || op == OpReturnCall ||
		op == OpLocalGet || op == OpLocalSet || op == OpLocalTee ||
		op == OpGlobalGet || op == OpGlobalSet || op == OpTableGet || op == OpTableSet ||
		op == OpRefFunc:
		in.Index, err = r.U32()
	case op == OpBrTable:
		err = r.readBrTable(in)
	case op == OpCallIndirect || op == OpReturnCallIndirect:
		if in.Index, err = r.U32(); err == nil {
			in.Index2, err = r.U32()
		}
	case op == OpRefNull:
		var t byte
		t, err = r.Byte()
		in.Index = uint32(t)
	case op == OpSelectT:
		err = r.readSelectTypes(in)
	case op >= OpI32Load && op <= OpI64Store32:
		in.Mem, err = r.readMemArg()
	case op == OpMemorySize || op == OpMemoryGrow:
		err = r.zeroByte()
	case op == OpI32Const:
		var v int32
		v, err = r.S32()
		in.Const = uint64(int64(v))
	case op == OpI64Const:
		var v int64
		v, err = r.S64()
		in.Const = uint64(v)
	case op == OpF32Const:
		var v uint32
		v, err = r.F32()
		in.Const = uint64(v)
	case op == OpF64Const:
		in.Const, err = r.F64()
	case op == OpPrefixMisc:
		err = r.readMisc(in)
	case op == OpPrefixSIMD:
		err = r.readSIMD(in)
	case isPlainOpcode(op):
	default:
		return fmt.Errorf("illegal opcode 0x%02x", op)
	}
	return err
}

// isPlainOpcode reports whether op is a one-byte instruction without
// immediates.
func isPlainOpcode(op Opcode) bool {
	switch op {
	case OpUnreachable, OpNop, OpElse, OpEnd, OpReturn, OpDrop, OpSelect, OpRefIsNull:
		return true
	}
	return NumericSigs[op].NumIn != 0
}

func (r *Reader) readBrTable(in *Instr) error {
	n, err := r.Count(1)
	if err != nil {
		return err
	}
	in.Targets = in.Targets[:0]
	for i := uint32(0); i < n; i++ {
		t, err := r.U32()
		if err != nil {
			return err
		}
		in.Targets = append(in.Targets, t)
	}
	in.Index, err = r.U32()
	return err
}

func (r *Reader) readSelectTypes(in *Instr) error {
	n, err := r.Count(1)
	if err != nil {
		return err
	}
	in.NumSelect = n
	in.SelectT = 0
	for i := uint32(0); i < n; i++ {
		t, err := r.Byte()
		if err != nil {
			return err
		}
		if i == 0 {
			in.SelectT = ValueType(t)
		}
	}
	return nil
}

func (r *Reader) readMemArg() (MemArg, error) {
	a, err := r.U32()
	if err != nil {
		return MemArg{}, err
	}
	o, err := r.U32()
	return MemArg{AlignLog2: a, Offset: uint64(o)}, err
}

func (r *Reader) zeroByte() error {
	b, err := r.Byte()
	if err != nil {
		return err
	}
	if b != 0 {
		return errZeroByte
	}
	return nil
}

func (r *Reader) readMisc(in *Instr) error {
	sub, err := r.U32()
	if err != nil {
		return err
	}
	in.Sub = sub
	switch sub {
	case MiscI32TruncSatF32S, MiscI32TruncSatF32U, MiscI32TruncSatF64S, MiscI32TruncSatF64U,
		MiscI64TruncSatF32S, MiscI64TruncSatF32U, MiscI64TruncSatF64S, MiscI64TruncSatF64U:
		return nil
	case MiscMemoryInit:
		if in.Index, err = r.U32(); err != nil {
			return err
		}
		return r.zeroByte()
	case MiscDataDrop, MiscElemDrop, MiscTableGrow, MiscTableSize, MiscTableFill:
		in.Index, err = r.U32()
		return err
	case MiscMemoryCopy:
		if err = r.zeroByte(); err != nil {
			return err
		}
		return r.zeroByte()
	case MiscMemoryFill:
		return r.zeroByte()
	case MiscTableInit, MiscTableCopy:
		// table.init elemidx tableidx; table.copy dst src.
		if in.Index, err = r.U32(); err != nil {
			return err
		}
		in.Index2, err = r.U32()
		if sub == MiscTableInit {
			in.Index, in.Index2 = in.Index2, in.Index // Index = table, Index2 = segment
		}
		return err
	}
	return fmt.Errorf("illegal opcode 0xfc 0x%x", sub)
}

func (r *Reader) readSIMD(in *Instr) error {
	sub, err := r.U32()
	if err != nil {
		return err
	}
	in.Sub = sub
	if sub > 0xFF || SIMDOps[sub].Kind == SIMDInvalid {
		return fmt.Errorf("illegal opcode 0xfd 0x%x", sub)
	}
	op := &SIMDOps[sub]
	switch op.Kind {
	case SIMDLoad, SIMDStore:
		in.Mem, err = r.readMemArg()
	case SIMDLoadLane, SIMDStoreLane:
		if in.Mem, err = r.readMemArg(); err != nil {
			return err
		}
		var lane byte
		lane, err = r.Byte()
		in.Index = uint32(lane)
	case SIMDConst, SIMDShuffle:
		var b []byte
		if b, err = r.Bytes(16); err == nil {
			copy(in.V128[:], b)
		}
	case SIMDExtract, SIMDReplace:
		var lane byte
		lane, err = r.Byte()
		in.Index = uint32(lane)
	}
	return err
}
