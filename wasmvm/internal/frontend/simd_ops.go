package frontend

import (
	"strings"
	"sync"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// vecOp is the SSA form of a SIMD instruction without memory operand or
// lane immediate.
type vecOp struct {
	op    ssa.Op
	shape ssa.Shape
	cond  ssa.Cond
	half  uint64 // extend and extmul: 0 low, 1 high
	// bitwise ops work on the whole vector and carry no shape.
	bitwise bool
}

var shapesByName = map[string]ssa.Shape{
	"i8x16": ssa.ShapeI8x16, "i16x8": ssa.ShapeI16x8, "i32x4": ssa.ShapeI32x4,
	"i64x2": ssa.ShapeI64x2, "f32x4": ssa.ShapeF32x4, "f64x2": ssa.ShapeF64x2,
}

// vecBySuffix maps an instruction name after "shape." (with the source
// shapes of conversions dropped: "extend_low_i8x16_s" is "extend_low_s")
// to its operation. Comparisons name OpVicmp; float shapes turn it into
// OpVfcmp.
var vecBySuffix = map[string]vecOp{
	"not": {op: ssa.OpVnot, bitwise: true}, "and": {op: ssa.OpVand, bitwise: true},
	"andnot": {op: ssa.OpVandnot, bitwise: true}, "or": {op: ssa.OpVor, bitwise: true},
	"xor": {op: ssa.OpVxor, bitwise: true}, "bitselect": {op: ssa.OpVbitselect, bitwise: true},
	"any_true": {op: ssa.OpVanyTrue, bitwise: true}, "swizzle": {op: ssa.OpVswizzle, bitwise: true},
	"all_true": {op: ssa.OpVallTrue}, "bitmask": {op: ssa.OpVbitmask},
	"add": {op: ssa.OpVadd}, "sub": {op: ssa.OpVsub}, "mul": {op: ssa.OpVmul}, "div": {op: ssa.OpVdiv},
	"neg": {op: ssa.OpVneg}, "abs": {op: ssa.OpVabs},
	"sqrt": {op: ssa.OpVfsqrt}, "ceil": {op: ssa.OpVfceil}, "floor": {op: ssa.OpVffloor},
	"trunc": {op: ssa.OpVftrunc}, "nearest": {op: ssa.OpVfnearest},
	"min": {op: ssa.OpVfmin}, "max": {op: ssa.OpVfmax}, "pmin": {op: ssa.OpVpmin}, "pmax": {op: ssa.OpVpmax},
	"min_s": {op: ssa.OpVsmin}, "min_u": {op: ssa.OpVumin}, "max_s": {op: ssa.OpVsmax}, "max_u": {op: ssa.OpVumax},
	"add_sat_s": {op: ssa.OpVsaddSat}, "add_sat_u": {op: ssa.OpVuaddSat},
	"sub_sat_s": {op: ssa.OpVssubSat}, "sub_sat_u": {op: ssa.OpVusubSat},
	"avgr_u": {op: ssa.OpVavgrU}, "q15mulr_sat_s": {op: ssa.OpVq15mulrSat}, "popcnt": {op: ssa.OpVpopcnt},
	"shl": {op: ssa.OpVishl}, "shr_s": {op: ssa.OpVsshr}, "shr_u": {op: ssa.OpVushr},
	"eq": {op: ssa.OpVicmp, cond: ssa.CondEq}, "ne": {op: ssa.OpVicmp, cond: ssa.CondNe},
	"lt_s": {op: ssa.OpVicmp, cond: ssa.CondSLt}, "lt_u": {op: ssa.OpVicmp, cond: ssa.CondULt},
	"gt_s": {op: ssa.OpVicmp, cond: ssa.CondSGt}, "gt_u": {op: ssa.OpVicmp, cond: ssa.CondUGt},
	"le_s": {op: ssa.OpVicmp, cond: ssa.CondSLe}, "le_u": {op: ssa.OpVicmp, cond: ssa.CondULe},
	"ge_s": {op: ssa.OpVicmp, cond: ssa.CondSGe}, "ge_u": {op: ssa.OpVicmp, cond: ssa.CondUGe},
	"lt": {op: ssa.OpVfcmp, cond: ssa.CondFLt}, "gt": {op: ssa.OpVfcmp, cond: ssa.CondFGt},
	"le": {op: ssa.OpVfcmp, cond: ssa.CondFLe}, "ge": {op: ssa.OpVfcmp, cond: ssa.CondFGe},
	"narrow_s": {op: ssa.OpVsnarrow}, "narrow_u": {op: ssa.OpVunarrow},
	"extend_low_s": {op: ssa.OpVsextend}, "extend_high_s": {op: ssa.OpVsextend, half: 1},
	"extend_low_u": {op: ssa.OpVuextend}, "extend_high_u": {op: ssa.OpVuextend, half: 1},
	"extmul_low_s": {op: ssa.OpVsextmul}, "extmul_high_s": {op: ssa.OpVsextmul, half: 1},
	"extmul_low_u": {op: ssa.OpVuextmul}, "extmul_high_u": {op: ssa.OpVuextmul, half: 1},
	"extadd_pairwise_s": {op: ssa.OpVsextaddPairwise}, "extadd_pairwise_u": {op: ssa.OpVuextaddPairwise},
	"dot_s":       {op: ssa.OpVdot},
	"trunc_sat_s": {op: ssa.OpVfcvtToSintSat}, "trunc_sat_u": {op: ssa.OpVfcvtToUintSat},
	"trunc_sat_s_zero": {op: ssa.OpVfcvtToSintSat}, "trunc_sat_u_zero": {op: ssa.OpVfcvtToUintSat},
	"convert_s": {op: ssa.OpVfcvtFromSint}, "convert_u": {op: ssa.OpVfcvtFromUint},
	"convert_low_s": {op: ssa.OpVfcvtFromSint}, "convert_low_u": {op: ssa.OpVfcvtFromUint},
	"demote_zero": {op: ssa.OpVfdemote}, "promote_low": {op: ssa.OpVfpromote},
}

// vecOps is indexed by SIMD sub-opcode; op is OpInvalid for the memory,
// constant and shuffle instructions. The lane instructions take their lane
// index from the instruction. It is built on first use, not at package
// initialisation: the kernel links the compiler but loads modules
// compiled ahead of time, and would build it at every boot.
var vecOps = sync.OnceValue(func() *[256]vecOp {
	var t [256]vecOp
	for sub, op := range wasm.SIMDOps {
		switch op.Kind {
		case wasm.SIMDUnary, wasm.SIMDBinary, wasm.SIMDTernary, wasm.SIMDTest, wasm.SIMDShift:
			t[sub] = vecOpNamed(op.Name)
		case wasm.SIMDSplat, wasm.SIMDExtract, wasm.SIMDReplace:
			t[sub] = laneOpNamed(op.Name, op.Kind)
		}
	}
	return &t
})

// laneOpNamed returns the operation of a splat, extract_lane or
// replace_lane instruction.
func laneOpNamed(name string, kind wasm.SIMDKind) vecOp {
	prefix, suffix, _ := strings.Cut(name, ".")
	v := vecOp{shape: shapesByName[prefix]}
	switch {
	case kind == wasm.SIMDSplat:
		v.op = ssa.OpVsplat
	case kind == wasm.SIMDReplace:
		v.op = ssa.OpVinsertLane
	case strings.HasSuffix(suffix, "_s"):
		v.op = ssa.OpVextractLaneS
	default:
		v.op = ssa.OpVextractLane
	}
	return v
}

// vecOpNamed returns the operation of the instruction with the given
// name, OpInvalid if the name is not known.
func vecOpNamed(name string) vecOp {
	prefix, suffix, _ := strings.Cut(name, ".")
	shape := shapesByName[prefix]
	// A conversion names its source shape after the operation; only
	// trunc_sat takes its shape from there (the source lanes decide
	// the result), the others by their result.
	parts := strings.Split(suffix, "_")
	kept := parts[:0]
	for _, p := range parts {
		if s, ok := shapesByName[p]; ok {
			if strings.HasPrefix(suffix, "trunc_sat_") {
				shape = s
			}
			continue
		}
		kept = append(kept, p)
	}
	v, ok := vecBySuffix[strings.Join(kept, "_")]
	if !ok {
		return vecOp{}
	}
	if v.op == ssa.OpVicmp && shape.IsFloat() {
		v.op = ssa.OpVfcmp
	}
	if !v.bitwise {
		v.shape = shape
	}
	return v
}

// simdLoad is the SSA form of a SIMD load or store instruction.
type simdLoad struct {
	op    ssa.Op
	acc   ssa.MemAccess
	shape ssa.Shape // the result shape of an extending load
}

// simdLoads is keyed by instruction name.
var simdLoads = map[string]simdLoad{
	"v128.load":         {ssa.OpLoad, ssa.Mem128, 0},
	"v128.store":        {ssa.OpStore, ssa.Mem128, 0},
	"v128.load8x8_s":    {ssa.OpVloadSextend, ssa.Mem64, ssa.ShapeI16x8},
	"v128.load8x8_u":    {ssa.OpVloadUextend, ssa.Mem64, ssa.ShapeI16x8},
	"v128.load16x4_s":   {ssa.OpVloadSextend, ssa.Mem64, ssa.ShapeI32x4},
	"v128.load16x4_u":   {ssa.OpVloadUextend, ssa.Mem64, ssa.ShapeI32x4},
	"v128.load32x2_s":   {ssa.OpVloadSextend, ssa.Mem64, ssa.ShapeI64x2},
	"v128.load32x2_u":   {ssa.OpVloadUextend, ssa.Mem64, ssa.ShapeI64x2},
	"v128.load8_splat":  {ssa.OpVloadSplat, ssa.Mem8U, 0},
	"v128.load16_splat": {ssa.OpVloadSplat, ssa.Mem16U, 0},
	"v128.load32_splat": {ssa.OpVloadSplat, ssa.Mem32, 0},
	"v128.load64_splat": {ssa.OpVloadSplat, ssa.Mem64, 0},
	"v128.load32_zero":  {ssa.OpVloadZero, ssa.Mem32, 0},
	"v128.load64_zero":  {ssa.OpVloadZero, ssa.Mem64, 0},
	"v128.load8_lane":   {ssa.OpVloadLane, ssa.Mem8U, 0},
	"v128.load16_lane":  {ssa.OpVloadLane, ssa.Mem16U, 0},
	"v128.load32_lane":  {ssa.OpVloadLane, ssa.Mem32, 0},
	"v128.load64_lane":  {ssa.OpVloadLane, ssa.Mem64, 0},
	"v128.store8_lane":  {ssa.OpVstoreLane, ssa.Mem8U, 0},
	"v128.store16_lane": {ssa.OpVstoreLane, ssa.Mem16U, 0},
	"v128.store32_lane": {ssa.OpVstoreLane, ssa.Mem32, 0},
	"v128.store64_lane": {ssa.OpVstoreLane, ssa.Mem64, 0},
}
