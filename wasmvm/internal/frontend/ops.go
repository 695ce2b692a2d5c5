package frontend

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// numeric maps an immediate-free WebAssembly numeric opcode to one SSA
// instruction.
type numeric struct {
	op   ssa.Op
	cond ssa.Cond
	aux  uint32 // extension width for sextend/uextend
}

var numerics = func() (t [256]numeric) {
	icmp := func(base wasm.Opcode) {
		conds := []ssa.Cond{ssa.CondEq, ssa.CondNe, ssa.CondSLt, ssa.CondULt, ssa.CondSGt,
			ssa.CondUGt, ssa.CondSLe, ssa.CondULe, ssa.CondSGe, ssa.CondUGe}
		for i, c := range conds {
			t[base+wasm.Opcode(i)] = numeric{op: ssa.OpIcmp, cond: c}
		}
	}
	icmp(wasm.OpI32Eq)
	icmp(wasm.OpI64Eq)
	fcmp := func(base wasm.Opcode) {
		conds := []ssa.Cond{ssa.CondEq, ssa.CondNe, ssa.CondFLt, ssa.CondFGt, ssa.CondFLe, ssa.CondFGe}
		for i, c := range conds {
			t[base+wasm.Opcode(i)] = numeric{op: ssa.OpFcmp, cond: c}
		}
	}
	fcmp(wasm.OpF32Eq)
	fcmp(wasm.OpF64Eq)
	intOps := func(base wasm.Opcode) {
		ops := []ssa.Op{ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt, ssa.OpIadd, ssa.OpIsub, ssa.OpImul,
			ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem, ssa.OpBand, ssa.OpBor, ssa.OpBxor,
			ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr}
		for i, op := range ops {
			t[base+wasm.Opcode(i)] = numeric{op: op}
		}
	}
	intOps(wasm.OpI32Clz)
	intOps(wasm.OpI64Clz)
	floatOps := func(base wasm.Opcode) {
		ops := []ssa.Op{ssa.OpFabs, ssa.OpFneg, ssa.OpFceil, ssa.OpFfloor, ssa.OpFtrunc,
			ssa.OpFnearest, ssa.OpFsqrt, ssa.OpFadd, ssa.OpFsub, ssa.OpFmul, ssa.OpFdiv,
			ssa.OpFmin, ssa.OpFmax, ssa.OpFcopysign}
		for i, op := range ops {
			t[base+wasm.Opcode(i)] = numeric{op: op}
		}
	}
	floatOps(wasm.OpF32Abs)
	floatOps(wasm.OpF64Abs)
	conv := map[wasm.Opcode]numeric{
		wasm.OpI32WrapI64:        {op: ssa.OpIreduce},
		wasm.OpI32TruncF32S:      {op: ssa.OpFcvtToSint},
		wasm.OpI32TruncF32U:      {op: ssa.OpFcvtToUint},
		wasm.OpI32TruncF64S:      {op: ssa.OpFcvtToSint},
		wasm.OpI32TruncF64U:      {op: ssa.OpFcvtToUint},
		wasm.OpI64ExtendI32S:     {op: ssa.OpSextend, aux: 32},
		wasm.OpI64ExtendI32U:     {op: ssa.OpUextend, aux: 32},
		wasm.OpI64TruncF32S:      {op: ssa.OpFcvtToSint},
		wasm.OpI64TruncF32U:      {op: ssa.OpFcvtToUint},
		wasm.OpI64TruncF64S:      {op: ssa.OpFcvtToSint},
		wasm.OpI64TruncF64U:      {op: ssa.OpFcvtToUint},
		wasm.OpF32ConvertI32S:    {op: ssa.OpFcvtFromSint},
		wasm.OpF32ConvertI32U:    {op: ssa.OpFcvtFromUint},
		wasm.OpF32ConvertI64S:    {op: ssa.OpFcvtFromSint},
		wasm.OpF32ConvertI64U:    {op: ssa.OpFcvtFromUint},
		wasm.OpF32DemoteF64:      {op: ssa.OpFdemote},
		wasm.OpF64ConvertI32S:    {op: ssa.OpFcvtFromSint},
		wasm.OpF64ConvertI32U:    {op: ssa.OpFcvtFromUint},
		wasm.OpF64ConvertI64S:    {op: ssa.OpFcvtFromSint},
		wasm.OpF64ConvertI64U:    {op: ssa.OpFcvtFromUint},
		wasm.OpF64PromoteF32:     {op: ssa.OpFpromote},
		wasm.OpI32ReinterpretF32: {op: ssa.OpBitcast},
		wasm.OpI64ReinterpretF64: {op: ssa.OpBitcast},
		wasm.OpF32ReinterpretI32: {op: ssa.OpBitcast},
		wasm.OpF64ReinterpretI64: {op: ssa.OpBitcast},
		wasm.OpI32Extend8S:       {op: ssa.OpSextend, aux: 8},
		wasm.OpI32Extend16S:      {op: ssa.OpSextend, aux: 16},
		wasm.OpI64Extend8S:       {op: ssa.OpSextend, aux: 8},
		wasm.OpI64Extend16S:      {op: ssa.OpSextend, aux: 16},
		wasm.OpI64Extend32S:      {op: ssa.OpSextend, aux: 32},
	}
	for op, n := range conv {
		t[op] = n
	}
	return t
}()

// memAccesses maps load and store opcodes to the SSA access kind.
var memAccesses = [256]ssa.MemAccess{
	wasm.OpI32Load: ssa.Mem32, wasm.OpI64Load: ssa.Mem64, wasm.OpF32Load: ssa.Mem32,
	wasm.OpF64Load: ssa.Mem64, wasm.OpI32Load8S: ssa.Mem8S, wasm.OpI32Load8U: ssa.Mem8U,
	wasm.OpI32Load16S: ssa.Mem16S, wasm.OpI32Load16U: ssa.Mem16U,
	wasm.OpI64Load8S: ssa.Mem8S, wasm.OpI64Load8U: ssa.Mem8U,
	wasm.OpI64Load16S: ssa.Mem16S, wasm.OpI64Load16U: ssa.Mem16U,
	wasm.OpI64Load32S: ssa.Mem32S, wasm.OpI64Load32U: ssa.Mem32U,
	wasm.OpI32Store: ssa.Mem32, wasm.OpI64Store: ssa.Mem64, wasm.OpF32Store: ssa.Mem32,
	wasm.OpF64Store: ssa.Mem64, wasm.OpI32Store8: ssa.Mem8U, wasm.OpI32Store16: ssa.Mem16U,
	wasm.OpI64Store8: ssa.Mem8U, wasm.OpI64Store16: ssa.Mem16U, wasm.OpI64Store32: ssa.Mem32U,
}

// ssaType maps a WebAssembly value type to its SSA type; references are
// i64 pointers.
func ssaType(t wasm.ValueType) ssa.Type {
	switch t {
	case wasm.I32:
		return ssa.TypeI32
	case wasm.I64, wasm.FuncRef, wasm.ExternRef:
		return ssa.TypeI64
	case wasm.F32:
		return ssa.TypeF32
	case wasm.F64:
		return ssa.TypeF64
	case wasm.V128:
		return ssa.TypeV128
	}
	return ssa.TypeInvalid
}

// SSATypes maps WebAssembly value types to their SSA types (ssaType).
func SSATypes(ts []wasm.ValueType) []ssa.Type {
	out := make([]ssa.Type, len(ts))
	for i, t := range ts {
		out[i] = ssaType(t)
	}
	return out
}
