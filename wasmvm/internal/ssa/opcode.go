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
	OpBswap  // x: the bytes in reverse order (from opt's folding; not a WebAssembly operator)
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

	// OpCounterClock reads clock id (x, i32: 0 the real-time clock, 1 the
	// monotonic one) from the processor's counter with the parameters
	// the embedder gave the engine (exec.CounterClock): result i64
	// nanoseconds, or -1 when there are none or for any other clock. It
	// is how a call of WASI's clock_time_get reads the clock without a
	// host call, the way Linux's vDSO does; the interpreter has no
	// counter clock and always answers -1.
	OpCounterClock

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

	// SIMD (v128), see simd.go. Aux: the lane Shape where the operation
	// has one (written "shape" below); lane indices are in Imm. Integer
	// lanes wrap unless the name says sat; float lanes follow the scalar
	// float semantics.
	OpVnot       // x
	OpVand       // x, y
	OpVandnot    // x, y: x &^ y
	OpVor        // x, y
	OpVxor       // x, y
	OpVbitselect // x, y, mask: bits of x where mask is 1, of y where 0
	OpVanyTrue   // x: result i32, 1 if any bit is set
	OpVallTrue   // x; shape (integer): result i32, 1 if no lane is 0
	OpVbitmask   // x; shape (integer): result i32, bit i the sign of lane i
	OpVsplat     // scalar; shape: every lane set to the scalar
	// OpVextractLane: x; shape, Imm lane: result the lane as i32
	// (i8/i16 lanes zero-extended), i64, f32 or f64.
	OpVextractLane
	OpVextractLaneS // x; shape i8x16 or i16x8, Imm lane: result i32 sign-extended
	OpVinsertLane   // x, scalar; shape, Imm lane
	// OpVshuffle: x, y; Imm: byte lane indices 0-7 one a byte (lowest
	// first), Imm2: indices 8-15; an index below 16 picks a byte of x,
	// others byte index-16 of y.
	OpVshuffle
	OpVswizzle         // x, indices: byte i is x[indices[i]], 0 for indices >= 16
	OpVadd             // x, y; shape
	OpVsub             // x, y; shape
	OpVmul             // x, y; shape (not i8x16)
	OpVdiv             // x, y; shape (float)
	OpVneg             // x; shape
	OpVabs             // x; shape
	OpVsaddSat         // x, y; shape i8x16 or i16x8: signed saturating
	OpVuaddSat         // x, y; shape i8x16 or i16x8: unsigned saturating
	OpVssubSat         // x, y; shape i8x16 or i16x8
	OpVusubSat         // x, y; shape i8x16 or i16x8
	OpVsmin            // x, y; shape i8x16, i16x8 or i32x4
	OpVumin            // x, y; shape i8x16, i16x8 or i32x4
	OpVsmax            // x, y; shape i8x16, i16x8 or i32x4
	OpVumax            // x, y; shape i8x16, i16x8 or i32x4
	OpVavgrU           // x, y; shape i8x16 or i16x8: (x + y + 1) / 2 unsigned
	OpVq15mulrSat      // x, y; shape i16x8: (x*y + 0x4000) >> 15, saturated
	OpVpopcnt          // x; shape i8x16
	OpVishl            // x, count (i32, modulo the lane width); shape (integer)
	OpVsshr            // x, count; shape (integer)
	OpVushr            // x, count; shape (integer)
	OpVicmp            // x, y; shape (integer); Cond: lanes all ones or zero
	OpVfcmp            // x, y; shape (float); Cond
	OpVfmin            // x, y; shape (float): WebAssembly min per lane
	OpVfmax            // x, y; shape (float)
	OpVpmin            // x, y; shape (float): y < x ? y : x
	OpVpmax            // x, y; shape (float): x < y ? y : x
	OpVfsqrt           // x; shape (float)
	OpVfceil           // x; shape (float)
	OpVffloor          // x; shape (float)
	OpVftrunc          // x; shape (float)
	OpVfnearest        // x; shape (float)
	OpVsnarrow         // x, y; result shape i8x16 or i16x8: the signed lanes of x then y, saturated signed
	OpVunarrow         // x, y; result shape i8x16 or i16x8: the signed lanes of x then y, saturated unsigned
	OpVsextend         // x; result shape i16x8, i32x4 or i64x2; Imm: 0 the low half of x, 1 the high half
	OpVuextend         // x; result shape; Imm: half
	OpVsextmul         // x, y; result shape; Imm: half: the extended halves multiplied
	OpVuextmul         // x, y; result shape; Imm: half
	OpVsextaddPairwise // x; result shape i16x8 or i32x4: sums of adjacent signed lanes
	OpVuextaddPairwise // x; result shape i16x8 or i32x4
	OpVdot             // x, y; result shape i32x4: sums of adjacent signed i16 products
	// OpVfcvtToSintSat: x; source shape f32x4 or f64x2: result i32x4,
	// saturating (from f64x2 the lanes 2 and 3 are zero).
	OpVfcvtToSintSat
	OpVfcvtToUintSat // x; source shape f32x4 or f64x2
	// OpVfcvtFromSint: x; result shape f32x4 or f64x2 (from the low two
	// i32 lanes).
	OpVfcvtFromSint
	OpVfcvtFromUint // x; result shape f32x4 or f64x2
	OpVfdemote      // x; result shape f32x4: f64x2 lanes to lanes 0 and 1, the others 0
	OpVfpromote     // x; result shape f64x2: from f32 lanes 0 and 1

	// SIMD memory accesses, on linear memory 0 like OpLoad: Imm the
	// static offset, Aux a MemAccess naming the bytes read or written.
	OpVloadSplat   // addr; Aux: Mem8U, Mem16U, Mem32 or Mem64: every lane set to the value read
	OpVloadZero    // addr; Aux: Mem32 or Mem64: lane 0 the value read, the rest 0
	OpVloadSextend // addr; Aux: Mem64; Aux2: result shape i16x8, i32x4 or i64x2: half-width lanes sign-extended
	OpVloadUextend // addr; Aux: Mem64; Aux2: result shape: zero-extended
	OpVloadLane    // addr, x; Aux: Mem8U, Mem16U, Mem32 or Mem64; Aux2: lane: x with the lane replaced
	OpVstoreLane   // addr, x; Aux: Mem8U, Mem16U, Mem32 or Mem64; Aux2: lane: the lane written

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
	OpClz: "clz", OpCtz: "ctz", OpPopcnt: "popcnt", OpBswap: "bswap", OpIcmp: "icmp",
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
	OpMemorySize: "memory_size", OpMemoryGrow: "memory_grow", OpCounterClock: "counter_clock",
	OpGlobalGet: "global_get", OpGlobalSet: "global_set",
	OpCall: "call", OpCallIndirect: "call_indirect",
	OpTableGet: "table_get", OpTableSet: "table_set", OpTableSize: "table_size",
	OpTableGrow: "table_grow", OpTableFill: "table_fill", OpTableCopy: "table_copy",
	OpTableInit: "table_init", OpElemDrop: "elem_drop", OpRefFunc: "ref_func",
	OpMemoryInit: "memory_init", OpDataDrop: "data_drop", OpMemoryCopy: "memory_copy",
	OpMemoryFill: "memory_fill", OpTrapIf: "trapif",
	OpVnot: "vnot", OpVand: "vand", OpVandnot: "vandnot", OpVor: "vor", OpVxor: "vxor",
	OpVbitselect: "vbitselect", OpVanyTrue: "vany_true", OpVallTrue: "vall_true", OpVbitmask: "vbitmask",
	OpVsplat: "vsplat", OpVextractLane: "vextract_lane", OpVextractLaneS: "vextract_lane_s",
	OpVinsertLane: "vinsert_lane", OpVshuffle: "vshuffle", OpVswizzle: "vswizzle",
	OpVadd: "vadd", OpVsub: "vsub", OpVmul: "vmul", OpVdiv: "vdiv", OpVneg: "vneg", OpVabs: "vabs",
	OpVsaddSat: "vsadd_sat", OpVuaddSat: "vuadd_sat", OpVssubSat: "vssub_sat", OpVusubSat: "vusub_sat",
	OpVsmin: "vsmin", OpVumin: "vumin", OpVsmax: "vsmax", OpVumax: "vumax", OpVavgrU: "vavgr_u",
	OpVq15mulrSat: "vq15mulr_sat", OpVpopcnt: "vpopcnt", OpVishl: "vishl", OpVsshr: "vsshr", OpVushr: "vushr",
	OpVicmp: "vicmp", OpVfcmp: "vfcmp", OpVfmin: "vfmin", OpVfmax: "vfmax", OpVpmin: "vpmin", OpVpmax: "vpmax",
	OpVfsqrt: "vfsqrt", OpVfceil: "vfceil", OpVffloor: "vffloor", OpVftrunc: "vftrunc", OpVfnearest: "vfnearest",
	OpVsnarrow: "vsnarrow", OpVunarrow: "vunarrow", OpVsextend: "vsextend", OpVuextend: "vuextend",
	OpVsextmul: "vsextmul", OpVuextmul: "vuextmul",
	OpVsextaddPairwise: "vsextadd_pairwise", OpVuextaddPairwise: "vuextadd_pairwise", OpVdot: "vdot",
	OpVfcvtToSintSat: "vfcvt_to_sint_sat", OpVfcvtToUintSat: "vfcvt_to_uint_sat",
	OpVfcvtFromSint: "vfcvt_from_sint", OpVfcvtFromUint: "vfcvt_from_uint",
	OpVfdemote: "vfdemote", OpVfpromote: "vfpromote",
	OpVloadSplat: "vload_splat", OpVloadZero: "vload_zero", OpVloadSextend: "vload_sextend",
	OpVloadUextend: "vload_uextend", OpVloadLane: "vload_lane", OpVstoreLane: "vstore_lane",
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
		OpLoad, OpStore, OpMemoryGrow, OpCounterClock, OpGlobalSet, OpCall, OpCallIndirect,
		OpTableGet, OpTableSet, OpTableGrow, OpTableFill, OpTableCopy, OpTableInit,
		OpElemDrop, OpMemoryInit, OpDataDrop, OpMemoryCopy, OpMemoryFill, OpTrapIf,
		OpVloadSplat, OpVloadZero, OpVloadSextend, OpVloadUextend, OpVloadLane, OpVstoreLane:
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

// Negated returns the condition that holds exactly when c does not. For
// an integer comparison (integer true) every condition has one; for a
// float comparison only eq and ne do (a NaN operand makes both lt and ge
// false).
func (c Cond) Negated(integer bool) (Cond, bool) {
	switch c {
	case CondEq:
		return CondNe, true
	case CondNe:
		return CondEq, true
	}
	if n, ok := negatedInt[c]; integer && ok {
		return n, true
	}
	return 0, false
}

var negatedInt = map[Cond]Cond{
	CondSLt: CondSGe, CondSGe: CondSLt, CondSLe: CondSGt, CondSGt: CondSLe,
	CondULt: CondUGe, CondUGe: CondULt, CondULe: CondUGt, CondUGt: CondULe,
}

// Swapped returns the integer condition that holds for (y, x) exactly
// when c holds for (x, y); eq, ne and the float conditions come back
// unchanged.
func (c Cond) Swapped() Cond {
	if s, ok := swappedInt[c]; ok {
		return s
	}
	return c
}

var swappedInt = map[Cond]Cond{
	CondSLt: CondSGt, CondSLe: CondSGe, CondSGt: CondSLt, CondSGe: CondSLe,
	CondULt: CondUGt, CondULe: CondUGe, CondUGt: CondULt, CondUGe: CondULe,
}

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
