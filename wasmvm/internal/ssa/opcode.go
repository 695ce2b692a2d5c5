package ssa

// Op is an instruction opcode. The comment on each gives the arguments and
// the immediates it uses.
type Op uint16

// Opcodes.
const (
	OpInvalid Op = iota

	// Constants.
	OpIconst    // Imm: the bits (i32 values are zero-extended)
	OpF32const  // Imm: the bits
	OpF64const  // Imm: the bits
	OpV128const // Imm: low 64 bits, Imm2: high 64 bits

	// Integer arithmetic, on i32 or i64.
	OpIadd   // x, y
	OpIsub   // x, y
	OpImul   // x, y
	OpSdiv   // x, y: traps on y == 0 and on overflow
	OpUdiv   // x, y: traps on y == 0
	OpSrem   // x, y: traps on y == 0
	OpUrem   // x, y: traps on y == 0
	OpBand   // x, y
	OpBor    // x, y
	OpBxor   // x, y
	OpIshl   // x, y: shift count modulo the width
	OpSshr   // x, y
	OpUshr   // x, y
	OpRotl   // x, y
	OpRotr   // x, y
	OpClz    // x
	OpCtz    // x
	OpPopcnt // x
	OpIcmp   // x, y; Cond; result i32 0 or 1

	// Floating point, on f32 or f64.
	OpFadd      // x, y
	OpFsub      // x, y
	OpFmul      // x, y
	OpFdiv      // x, y
	OpFmin      // x, y: WebAssembly semantics (NaN propagating, -0 < +0)
	OpFmax      // x, y
	OpFcopysign // x, y
	OpFabs      // x
	OpFneg      // x
	OpFsqrt     // x
	OpFceil     // x
	OpFfloor    // x
	OpFtrunc    // x
	OpFnearest  // x: round half to even
	OpFcmp      // x, y; Cond; result i32 0 or 1

	// Conversions. Type is the result type.
	OpIreduce       // x: i64 to i32
	OpSextend       // x; Aux: source width in bits (8, 16, 32)
	OpUextend       // x; Aux: source width in bits (32)
	OpFcvtToSint    // x: traps on NaN and overflow
	OpFcvtToUint    // x: traps on NaN and overflow
	OpFcvtToSintSat // x: saturating
	OpFcvtToUintSat // x: saturating
	OpFcvtFromSint  // x
	OpFcvtFromUint  // x
	OpFpromote      // x: f32 to f64
	OpFdemote       // x: f64 to f32
	OpBitcast       // x: same width, other class

	OpSelect // c, x, y: x if c != 0 else y

	// Linear memory 0. Imm: the static offset; Aux: a MemAccess.
	OpLoad       // addr
	OpStore      // addr, value
	OpMemorySize // result i32 pages
	OpMemoryGrow // delta: result the old size or -1

	// Globals. Aux: global index.
	OpGlobalGet
	OpGlobalSet // value

	// Calls. Results: the callee's results.
	OpCall         // args...; Aux: function index
	OpCallIndirect // elem index, args...; Aux: type index, Aux2: table index

	// Tables and references. Aux: table index; references are i64.
	OpTableGet  // index
	OpTableSet  // index, ref
	OpTableSize // result i32
	OpTableGrow // ref, delta: result old size or -1
	OpTableFill // dst, ref, n
	OpTableCopy // dst, src, n; Aux: dst table, Aux2: src table
	OpTableInit // dst, src, n; Aux: table, Aux2: element segment
	OpElemDrop  // Aux: element segment
	OpRefFunc   // Aux: function index; result i64 reference

	// Bulk memory.
	OpMemoryInit // dst, src, n; Aux: data segment
	OpDataDrop   // Aux: data segment
	OpMemoryCopy // dst, src, n
	OpMemoryFill // dst, value, n

	// Traps.
	OpTrapIf // c; Aux: TrapCode; traps when c != 0

	// Terminators: the last instruction of every block.
	OpJump    // Targets[0]
	OpBrif    // c; Targets[0] if c != 0, else Targets[1]
	OpBrTable // index; Targets[index] or the last target when out of range
	OpReturn  // results...
	OpTrap    // Aux: TrapCode
	// Tail calls: the callee's results are the function's results.
	OpReturnCall         // args...; Aux: function index
	OpReturnCallIndirect // elem index, args...; Aux: type index, Aux2: table index

	numOps
)

var opNames = [numOps]string{
	OpIconst: "iconst", OpF32const: "f32const", OpF64const: "f64const", OpV128const: "v128const",
	OpIadd: "iadd", OpIsub: "isub", OpImul: "imul", OpSdiv: "sdiv", OpUdiv: "udiv",
	OpSrem: "srem", OpUrem: "urem", OpBand: "band", OpBor: "bor", OpBxor: "bxor",
	OpIshl: "ishl", OpSshr: "sshr", OpUshr: "ushr", OpRotl: "rotl", OpRotr: "rotr",
	OpClz: "clz", OpCtz: "ctz", OpPopcnt: "popcnt", OpIcmp: "icmp",
	OpFadd: "fadd", OpFsub: "fsub", OpFmul: "fmul", OpFdiv: "fdiv", OpFmin: "fmin",
	OpFmax: "fmax", OpFcopysign: "fcopysign", OpFabs: "fabs", OpFneg: "fneg",
	OpFsqrt: "fsqrt", OpFceil: "fceil", OpFfloor: "ffloor", OpFtrunc: "ftrunc",
	OpFnearest: "fnearest", OpFcmp: "fcmp",
	OpIreduce: "ireduce", OpSextend: "sextend", OpUextend: "uextend",
	OpFcvtToSint: "fcvt_to_sint", OpFcvtToUint: "fcvt_to_uint",
	OpFcvtToSintSat: "fcvt_to_sint_sat", OpFcvtToUintSat: "fcvt_to_uint_sat",
	OpFcvtFromSint: "fcvt_from_sint", OpFcvtFromUint: "fcvt_from_uint",
	OpFpromote: "fpromote", OpFdemote: "fdemote", OpBitcast: "bitcast",
	OpSelect: "select", OpLoad: "load", OpStore: "store",
	OpMemorySize: "memory_size", OpMemoryGrow: "memory_grow",
	OpGlobalGet: "global_get", OpGlobalSet: "global_set",
	OpCall: "call", OpCallIndirect: "call_indirect",
	OpTableGet: "table_get", OpTableSet: "table_set", OpTableSize: "table_size",
	OpTableGrow: "table_grow", OpTableFill: "table_fill", OpTableCopy: "table_copy",
	OpTableInit: "table_init", OpElemDrop: "elem_drop", OpRefFunc: "ref_func",
	OpMemoryInit: "memory_init", OpDataDrop: "data_drop", OpMemoryCopy: "memory_copy",
	OpMemoryFill: "memory_fill", OpTrapIf: "trapif",
	OpJump: "jump", OpBrif: "brif", OpBrTable: "br_table", OpReturn: "return", OpTrap: "trap",
	OpReturnCall: "return_call", OpReturnCallIndirect: "return_call_indirect",
}

func (op Op) String() string {
	if op < numOps && opNames[op] != "" {
		return opNames[op]
	}
	return "op?"
}

// IsTerminator reports whether op ends a block.
func (op Op) IsTerminator() bool { return op >= OpJump && op <= OpReturnCallIndirect }

// HasSideEffects reports whether an instruction with op must be kept even
// when its results are unused, and must not be moved across other such
// instructions.
func (op Op) HasSideEffects() bool {
	switch op {
	case OpSdiv, OpUdiv, OpSrem, OpUrem, OpFcvtToSint, OpFcvtToUint, // may trap
		OpLoad, OpStore, OpMemoryGrow, OpGlobalSet, OpCall, OpCallIndirect,
		OpTableGet, OpTableSet, OpTableGrow, OpTableFill, OpTableCopy, OpTableInit,
		OpElemDrop, OpMemoryInit, OpDataDrop, OpMemoryCopy, OpMemoryFill, OpTrapIf:
		return true
	}
	return op.IsTerminator()
}

// Cond is the condition of icmp and fcmp.
type Cond uint8

// Conditions. Integer conditions come in signed (S) and unsigned (U) forms;
// float conditions are ordered except Ne, which is true on NaN operands.
const (
	CondEq Cond = iota
	CondNe
	CondSLt
	CondSLe
	CondSGt
	CondSGe
	CondULt
	CondULe
	CondUGt
	CondUGe
	CondFLt
	CondFLe
	CondFGt
	CondFGe
)

var condNames = [...]string{"eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge", "lt", "le", "gt", "ge"}

func (c Cond) String() string {
	if int(c) < len(condNames) {
		return condNames[c]
	}
	return "cond?"
}

// MemAccess describes a load or store: the width in memory and, for loads
// narrower than the result, the extension.
type MemAccess uint8

// Memory accesses.
const (
	Mem8U MemAccess = iota + 1
	Mem8S
	Mem16U
	Mem16S
	Mem32U
	Mem32S
	Mem64
	Mem32 // full-width 32-bit access (i32, f32)
	Mem128
)

// Size is the number of bytes accessed.
func (a MemAccess) Size() uint64 {
	switch a {
	case Mem8U, Mem8S:
		return 1
	case Mem16U, Mem16S:
		return 2
	case Mem32U, Mem32S, Mem32:
		return 4
	case Mem64:
		return 8
	case Mem128:
		return 16
	}
	return 0
}

var memAccessNames = [...]string{"", "8u", "8s", "16u", "16s", "32u", "32s", "64", "32", "128"}

func (a MemAccess) String() string {
	if int(a) < len(memAccessNames) {
		return memAccessNames[a]
	}
	return "mem?"
}
