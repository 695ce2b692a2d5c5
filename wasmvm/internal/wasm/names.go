package wasm

import "fmt"

// opNames holds the text-format names of the one-byte opcodes.
var opNames = [256]string{
	OpUnreachable: "unreachable", OpNop: "nop", OpBlock: "block", OpLoop: "loop", OpIf: "if",
	OpElse: "else", OpEnd: "end", OpBr: "br", OpBrIf: "br_if", OpBrTable: "br_table",
	OpReturn: "return", OpCall: "call", OpCallIndirect: "call_indirect",
	OpReturnCall: "return_call", OpReturnCallIndirect: "return_call_indirect",
	OpRefNull: "ref.null", OpRefIsNull: "ref.is_null", OpRefFunc: "ref.func",
	OpDrop: "drop", OpSelect: "select", OpSelectT: "select",
	OpLocalGet: "local.get", OpLocalSet: "local.set", OpLocalTee: "local.tee",
	OpGlobalGet: "global.get", OpGlobalSet: "global.set",
	OpTableGet: "table.get", OpTableSet: "table.set",
	OpI32Load: "i32.load", OpI64Load: "i64.load", OpF32Load: "f32.load", OpF64Load: "f64.load",
	OpI32Load8S: "i32.load8_s", OpI32Load8U: "i32.load8_u", OpI32Load16S: "i32.load16_s",
	OpI32Load16U: "i32.load16_u", OpI64Load8S: "i64.load8_s", OpI64Load8U: "i64.load8_u",
	OpI64Load16S: "i64.load16_s", OpI64Load16U: "i64.load16_u", OpI64Load32S: "i64.load32_s",
	OpI64Load32U: "i64.load32_u", OpI32Store: "i32.store", OpI64Store: "i64.store",
	OpF32Store: "f32.store", OpF64Store: "f64.store", OpI32Store8: "i32.store8",
	OpI32Store16: "i32.store16", OpI64Store8: "i64.store8", OpI64Store16: "i64.store16",
	OpI64Store32: "i64.store32", OpMemorySize: "memory.size", OpMemoryGrow: "memory.grow",
	OpI32Const: "i32.const", OpI64Const: "i64.const", OpF32Const: "f32.const", OpF64Const: "f64.const",
	OpI32Eqz: "i32.eqz", OpI32Eq: "i32.eq", OpI32Ne: "i32.ne", OpI32LtS: "i32.lt_s",
	OpI32LtU: "i32.lt_u", OpI32GtS: "i32.gt_s", OpI32GtU: "i32.gt_u", OpI32LeS: "i32.le_s",
	OpI32LeU: "i32.le_u", OpI32GeS: "i32.ge_s", OpI32GeU: "i32.ge_u",
	OpI64Eqz: "i64.eqz", OpI64Eq: "i64.eq", OpI64Ne: "i64.ne", OpI64LtS: "i64.lt_s",
	OpI64LtU: "i64.lt_u", OpI64GtS: "i64.gt_s", OpI64GtU: "i64.gt_u", OpI64LeS: "i64.le_s",
	OpI64LeU: "i64.le_u", OpI64GeS: "i64.ge_s", OpI64GeU: "i64.ge_u",
	OpF32Eq: "f32.eq", OpF32Ne: "f32.ne", OpF32Lt: "f32.lt", OpF32Gt: "f32.gt", OpF32Le: "f32.le",
	OpF32Ge: "f32.ge", OpF64Eq: "f64.eq", OpF64Ne: "f64.ne", OpF64Lt: "f64.lt", OpF64Gt: "f64.gt",
	OpF64Le: "f64.le", OpF64Ge: "f64.ge",
	OpI32Clz: "i32.clz", OpI32Ctz: "i32.ctz", OpI32Popcnt: "i32.popcnt", OpI32Add: "i32.add",
	OpI32Sub: "i32.sub", OpI32Mul: "i32.mul", OpI32DivS: "i32.div_s", OpI32DivU: "i32.div_u",
	OpI32RemS: "i32.rem_s", OpI32RemU: "i32.rem_u", OpI32And: "i32.and", OpI32Or: "i32.or",
	OpI32Xor: "i32.xor", OpI32Shl: "i32.shl", OpI32ShrS: "i32.shr_s", OpI32ShrU: "i32.shr_u",
	OpI32Rotl: "i32.rotl", OpI32Rotr: "i32.rotr",
	OpI64Clz: "i64.clz", OpI64Ctz: "i64.ctz", OpI64Popcnt: "i64.popcnt", OpI64Add: "i64.add",
	OpI64Sub: "i64.sub", OpI64Mul: "i64.mul", OpI64DivS: "i64.div_s", OpI64DivU: "i64.div_u",
	OpI64RemS: "i64.rem_s", OpI64RemU: "i64.rem_u", OpI64And: "i64.and", OpI64Or: "i64.or",
	OpI64Xor: "i64.xor", OpI64Shl: "i64.shl", OpI64ShrS: "i64.shr_s", OpI64ShrU: "i64.shr_u",
	OpI64Rotl: "i64.rotl", OpI64Rotr: "i64.rotr",
	OpF32Abs: "f32.abs", OpF32Neg: "f32.neg", OpF32Ceil: "f32.ceil", OpF32Floor: "f32.floor",
	OpF32Trunc: "f32.trunc", OpF32Nearest: "f32.nearest", OpF32Sqrt: "f32.sqrt", OpF32Add: "f32.add",
	OpF32Sub: "f32.sub", OpF32Mul: "f32.mul", OpF32Div: "f32.div", OpF32Min: "f32.min",
	OpF32Max: "f32.max", OpF32Copysign: "f32.copysign",
	OpF64Abs: "f64.abs", OpF64Neg: "f64.neg", OpF64Ceil: "f64.ceil", OpF64Floor: "f64.floor",
	OpF64Trunc: "f64.trunc", OpF64Nearest: "f64.nearest", OpF64Sqrt: "f64.sqrt", OpF64Add: "f64.add",
	OpF64Sub: "f64.sub", OpF64Mul: "f64.mul", OpF64Div: "f64.div", OpF64Min: "f64.min",
	OpF64Max: "f64.max", OpF64Copysign: "f64.copysign",
	OpI32WrapI64: "i32.wrap_i64", OpI32TruncF32S: "i32.trunc_f32_s", OpI32TruncF32U: "i32.trunc_f32_u",
	OpI32TruncF64S: "i32.trunc_f64_s", OpI32TruncF64U: "i32.trunc_f64_u",
	OpI64ExtendI32S: "i64.extend_i32_s", OpI64ExtendI32U: "i64.extend_i32_u",
	OpI64TruncF32S: "i64.trunc_f32_s", OpI64TruncF32U: "i64.trunc_f32_u",
	OpI64TruncF64S: "i64.trunc_f64_s", OpI64TruncF64U: "i64.trunc_f64_u",
	OpF32ConvertI32S: "f32.convert_i32_s", OpF32ConvertI32U: "f32.convert_i32_u",
	OpF32ConvertI64S: "f32.convert_i64_s", OpF32ConvertI64U: "f32.convert_i64_u",
	OpF32DemoteF64: "f32.demote_f64", OpF64ConvertI32S: "f64.convert_i32_s",
	OpF64ConvertI32U: "f64.convert_i32_u", OpF64ConvertI64S: "f64.convert_i64_s",
	OpF64ConvertI64U: "f64.convert_i64_u", OpF64PromoteF32: "f64.promote_f32",
	OpI32ReinterpretF32: "i32.reinterpret_f32", OpI64ReinterpretF64: "i64.reinterpret_f64",
	OpF32ReinterpretI32: "f32.reinterpret_i32", OpF64ReinterpretI64: "f64.reinterpret_i64",
	OpI32Extend8S: "i32.extend8_s", OpI32Extend16S: "i32.extend16_s", OpI64Extend8S: "i64.extend8_s",
	OpI64Extend16S: "i64.extend16_s", OpI64Extend32S: "i64.extend32_s",
}

var miscNames = [...]string{
	"i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
	"i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
	"memory.init", "data.drop", "memory.copy", "memory.fill", "table.init", "elem.drop",
	"table.copy", "table.grow", "table.size", "table.fill",
}

// OpName returns the text-format name of an instruction; sub is the
// sub-opcode of prefixed instructions.
func OpName(op Opcode, sub uint32) string {
	switch op {
	case OpPrefixMisc:
		if sub < uint32(len(miscNames)) {
			return miscNames[sub]
		}
		return fmt.Sprintf("0xfc 0x%x", sub)
	case OpPrefixSIMD:
		if sub < 256 && SIMDOps[sub].Name != "" {
			return SIMDOps[sub].Name
		}
		return fmt.Sprintf("0xfd 0x%x", sub)
	}
	if n := opNames[op]; n != "" {
		return n
	}
	return fmt.Sprintf("0x%02x", op)
}
