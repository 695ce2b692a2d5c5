package wasm

// NumericSig is the stack signature of a numeric instruction that has no
// immediates: it pops NumIn operands of the types In and pushes Out.
type NumericSig struct {
	In    [2]ValueType
	NumIn byte
	Out   ValueType
}

// NumericSigs is indexed by opcode; NumIn == 0 marks opcodes that are not
// immediate-free numeric instructions.
var NumericSigs = buildNumericSigs()

func buildNumericSigs() (t [256]NumericSig) {
	unary := func(from, to Opcode, in, out ValueType) {
		for op := int(from); op <= int(to); op++ {
			t[op] = NumericSig{In: [2]ValueType{in}, NumIn: 1, Out: out}
		}
	}
	binary := func(from, to Opcode, in, out ValueType) {
		for op := int(from); op <= int(to); op++ {
			t[op] = NumericSig{In: [2]ValueType{in, in}, NumIn: 2, Out: out}
		}
	}
	unary(OpI32Eqz, OpI32Eqz, I32, I32)
	binary(OpI32Eq, OpI32GeU, I32, I32)
	unary(OpI64Eqz, OpI64Eqz, I64, I32)
	binary(OpI64Eq, OpI64GeU, I64, I32)
	binary(OpF32Eq, OpF32Ge, F32, I32)
	binary(OpF64Eq, OpF64Ge, F64, I32)
	unary(OpI32Clz, OpI32Popcnt, I32, I32)
	binary(OpI32Add, OpI32Rotr, I32, I32)
	unary(OpI64Clz, OpI64Popcnt, I64, I64)
	binary(OpI64Add, OpI64Rotr, I64, I64)
	unary(OpF32Abs, OpF32Sqrt, F32, F32)
	binary(OpF32Add, OpF32Copysign, F32, F32)
	unary(OpF64Abs, OpF64Sqrt, F64, F64)
	binary(OpF64Add, OpF64Copysign, F64, F64)
	conv := []struct {
		op      Opcode
		in, out ValueType
	}{
		{OpI32WrapI64, I64, I32},
		{OpI32TruncF32S, F32, I32}, {OpI32TruncF32U, F32, I32},
		{OpI32TruncF64S, F64, I32}, {OpI32TruncF64U, F64, I32},
		{OpI64ExtendI32S, I32, I64}, {OpI64ExtendI32U, I32, I64},
		{OpI64TruncF32S, F32, I64}, {OpI64TruncF32U, F32, I64},
		{OpI64TruncF64S, F64, I64}, {OpI64TruncF64U, F64, I64},
		{OpF32ConvertI32S, I32, F32}, {OpF32ConvertI32U, I32, F32},
		{OpF32ConvertI64S, I64, F32}, {OpF32ConvertI64U, I64, F32},
		{OpF32DemoteF64, F64, F32},
		{OpF64ConvertI32S, I32, F64}, {OpF64ConvertI32U, I32, F64},
		{OpF64ConvertI64S, I64, F64}, {OpF64ConvertI64U, I64, F64},
		{OpF64PromoteF32, F32, F64},
		{OpI32ReinterpretF32, F32, I32}, {OpI64ReinterpretF64, F64, I64},
		{OpF32ReinterpretI32, I32, F32}, {OpF64ReinterpretI64, I64, F64},
		{OpI32Extend8S, I32, I32}, {OpI32Extend16S, I32, I32},
		{OpI64Extend8S, I64, I64}, {OpI64Extend16S, I64, I64}, {OpI64Extend32S, I64, I64},
	}
	for _, c := range conv {
		unary(c.op, c.op, c.in, c.out)
	}
	return t
}

// TruncSatSig returns the signature of the saturating truncation misc
// sub-opcodes 0x00..0x07.
func TruncSatSig(sub uint32) (in, out ValueType) {
	out = I32
	if sub >= MiscI64TruncSatF32S {
		out = I64
	}
	in = F32
	if sub&2 != 0 {
		in = F64
	}
	return in, out
}

// MemoryAccess describes a load or store opcode in the 0x28..0x3E range.
type MemoryAccess struct {
	Type  ValueType // the value loaded or stored
	Align byte      // log2 of the natural alignment (the access size)
	Store bool
}

// MemoryAccesses is indexed by opcode; Type == 0 marks other opcodes.
var MemoryAccesses = [256]MemoryAccess{
	OpI32Load: {I32, 2, false}, OpI64Load: {I64, 3, false},
	OpF32Load: {F32, 2, false}, OpF64Load: {F64, 3, false},
	OpI32Load8S: {I32, 0, false}, OpI32Load8U: {I32, 0, false},
	OpI32Load16S: {I32, 1, false}, OpI32Load16U: {I32, 1, false},
	OpI64Load8S: {I64, 0, false}, OpI64Load8U: {I64, 0, false},
	OpI64Load16S: {I64, 1, false}, OpI64Load16U: {I64, 1, false},
	OpI64Load32S: {I64, 2, false}, OpI64Load32U: {I64, 2, false},
	OpI32Store: {I32, 2, true}, OpI64Store: {I64, 3, true},
	OpF32Store: {F32, 2, true}, OpF64Store: {F64, 3, true},
	OpI32Store8: {I32, 0, true}, OpI32Store16: {I32, 1, true},
	OpI64Store8: {I64, 0, true}, OpI64Store16: {I64, 1, true}, OpI64Store32: {I64, 2, true},
}
