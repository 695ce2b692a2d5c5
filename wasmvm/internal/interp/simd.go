package interp

import (
	"encoding/binary"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// execSIMD executes a SIMD instruction with the semantics of
// ssa.EvalSIMD; the memory accesses check their bounds here.
func execSIMD(inst *runtime.Instance, in *ssa.Instr, vals []ssa.V128) {
	var ops [3]ssa.V128
	for i, a := range in.Args {
		ops[i] = vals[a]
	}
	if !in.Op.IsSIMDMemory() {
		vals[in.Results[0]] = ssa.EvalSIMD(in, ops[0], ops[1], ops[2])
		return
	}
	acc := ssa.MemAccess(in.Aux)
	b := effective(inst.Memory, ops[0].Lo, in.Imm, acc.Size())
	if in.Op == ssa.OpVstoreLane {
		putLittleEndian(b, ssa.EvalSIMDStoreLane(in, ops[1]))
		return
	}
	vals[in.Results[0]] = ssa.EvalSIMDLoad(in, littleEndian(b), ops[1])
}

// littleEndian reads up to 8 bytes as a little-endian number.
func littleEndian(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// putLittleEndian writes the low len(b) bytes of v.
func putLittleEndian(b []byte, v uint64) {
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
}

func loadV128(mem *runtime.Memory, addr, offset uint64) ssa.V128 {
	b := effective(mem, addr, offset, 16)
	return ssa.V128{Lo: binary.LittleEndian.Uint64(b), Hi: binary.LittleEndian.Uint64(b[8:])}
}

func storeV128(mem *runtime.Memory, addr, offset uint64, v ssa.V128) {
	b := effective(mem, addr, offset, 16)
	binary.LittleEndian.PutUint64(b, v.Lo)
	binary.LittleEndian.PutUint64(b[8:], v.Hi)
}
