package ssa

import "fmt"

// shapeSet is a set of shapes, bit s for Shape s.
type shapeSet uint8

func shapes(ss ...Shape) shapeSet {
	var set shapeSet
	for _, s := range ss {
		set |= 1 << s
	}
	return set
}

func (set shapeSet) has(s Shape) bool { return s != ShapeInvalid && s <= ShapeF64x2 && set&(1<<s) != 0 }

var (
	noShape      = shapes()
	allShapes    = shapes(ShapeI8x16, ShapeI16x8, ShapeI32x4, ShapeI64x2, ShapeF32x4, ShapeF64x2)
	intShapes    = shapes(ShapeI8x16, ShapeI16x8, ShapeI32x4, ShapeI64x2)
	floatShapes  = shapes(ShapeF32x4, ShapeF64x2)
	smallShapes  = shapes(ShapeI8x16, ShapeI16x8)
	minMaxShapes = shapes(ShapeI8x16, ShapeI16x8, ShapeI32x4)
	wideShapes   = shapes(ShapeI16x8, ShapeI32x4, ShapeI64x2)
	pairShapes   = shapes(ShapeI16x8, ShapeI32x4)
)

// simdSig is what a SIMD instruction that is not a memory access takes
// and yields: the allowed shapes and the operand kinds, where 's' is a
// scalar of the shape's lane type, 'v' a v128 and 'i' an i32.
type simdSig struct {
	shapes shapeSet
	args   string
	result byte // 'v', 'i', 's' (the lane's scalar type)
}

var simdSigs = map[Op]simdSig{
	OpVnot: {noShape, "v", 'v'}, OpVand: {noShape, "vv", 'v'}, OpVandnot: {noShape, "vv", 'v'},
	OpVor: {noShape, "vv", 'v'}, OpVxor: {noShape, "vv", 'v'}, OpVbitselect: {noShape, "vvv", 'v'},
	OpVanyTrue: {noShape, "v", 'i'}, OpVallTrue: {intShapes, "v", 'i'}, OpVbitmask: {intShapes, "v", 'i'},
	OpVsplat: {allShapes, "s", 'v'}, OpVextractLane: {allShapes, "v", 's'},
	OpVextractLaneS: {smallShapes, "v", 'i'}, OpVinsertLane: {allShapes, "vs", 'v'},
	OpVshuffle: {noShape, "vv", 'v'}, OpVswizzle: {noShape, "vv", 'v'},
	OpVadd: {allShapes, "vv", 'v'}, OpVsub: {allShapes, "vv", 'v'},
	OpVmul: {allShapes &^ shapes(ShapeI8x16), "vv", 'v'}, OpVdiv: {floatShapes, "vv", 'v'},
	OpVneg: {allShapes, "v", 'v'}, OpVabs: {allShapes, "v", 'v'},
	OpVsaddSat: {smallShapes, "vv", 'v'}, OpVuaddSat: {smallShapes, "vv", 'v'},
	OpVssubSat: {smallShapes, "vv", 'v'}, OpVusubSat: {smallShapes, "vv", 'v'},
	OpVsmin: {minMaxShapes, "vv", 'v'}, OpVumin: {minMaxShapes, "vv", 'v'},
	OpVsmax: {minMaxShapes, "vv", 'v'}, OpVumax: {minMaxShapes, "vv", 'v'},
	OpVavgrU: {smallShapes, "vv", 'v'}, OpVq15mulrSat: {shapes(ShapeI16x8), "vv", 'v'},
	OpVpopcnt: {shapes(ShapeI8x16), "v", 'v'},
	OpVishl:   {intShapes, "vi", 'v'}, OpVsshr: {intShapes, "vi", 'v'}, OpVushr: {intShapes, "vi", 'v'},
	OpVicmp: {intShapes, "vv", 'v'}, OpVfcmp: {floatShapes, "vv", 'v'},
	OpVfmin: {floatShapes, "vv", 'v'}, OpVfmax: {floatShapes, "vv", 'v'},
	OpVpmin: {floatShapes, "vv", 'v'}, OpVpmax: {floatShapes, "vv", 'v'},
	OpVfsqrt: {floatShapes, "v", 'v'}, OpVfceil: {floatShapes, "v", 'v'}, OpVffloor: {floatShapes, "v", 'v'},
	OpVftrunc: {floatShapes, "v", 'v'}, OpVfnearest: {floatShapes, "v", 'v'},
	OpVsnarrow: {smallShapes, "vv", 'v'}, OpVunarrow: {smallShapes, "vv", 'v'},
	OpVsextend: {wideShapes, "v", 'v'}, OpVuextend: {wideShapes, "v", 'v'},
	OpVsextmul: {wideShapes, "vv", 'v'}, OpVuextmul: {wideShapes, "vv", 'v'},
	OpVsextaddPairwise: {pairShapes, "v", 'v'}, OpVuextaddPairwise: {pairShapes, "v", 'v'},
	OpVdot:           {shapes(ShapeI32x4), "vv", 'v'},
	OpVfcvtToSintSat: {floatShapes, "v", 'v'}, OpVfcvtToUintSat: {floatShapes, "v", 'v'},
	OpVfcvtFromSint: {floatShapes, "v", 'v'}, OpVfcvtFromUint: {floatShapes, "v", 'v'},
	OpVfdemote: {shapes(ShapeF32x4), "v", 'v'}, OpVfpromote: {shapes(ShapeF64x2), "v", 'v'},
}

// verifySIMD checks the operand and result types and the immediates of a
// SIMD instruction.
func (f *Func) verifySIMD(in *Instr) error {
	args, result, err := simdSignature(in)
	if err != nil {
		return err
	}
	if len(in.Args) != len(args) {
		return fmt.Errorf("%d operands, want %d", len(in.Args), len(args))
	}
	for i, a := range in.Args {
		if t := f.TypeOf(a); t != args[i] {
			return fmt.Errorf("operand %d is %s, want %s", i, t, args[i])
		}
	}
	switch {
	case result == TypeInvalid && len(in.Results) != 0:
		return fmt.Errorf("%d results, want none", len(in.Results))
	case result != TypeInvalid && (len(in.Results) != 1 || in.Type != result):
		return fmt.Errorf("result %s, want one %s", in.Type, result)
	}
	return nil
}

// simdSignature returns the operand and result types in must have
// (TypeInvalid for no result), checking its immediates.
func simdSignature(in *Instr) ([]Type, Type, error) {
	if in.Op.IsSIMDMemory() {
		return simdMemorySignature(in)
	}
	sig, ok := simdSigs[in.Op]
	if !ok {
		return nil, 0, fmt.Errorf("not a SIMD instruction")
	}
	s := Shape(in.Aux)
	if sig.shapes == noShape && in.Aux != 0 || sig.shapes != noShape && !sig.shapes.has(s) {
		return nil, 0, fmt.Errorf("shape %s not allowed", s)
	}
	switch in.Op {
	case OpVextractLane, OpVextractLaneS, OpVinsertLane:
		if in.Imm >= uint64(s.Lanes()) {
			return nil, 0, fmt.Errorf("lane %d of %s", in.Imm, s)
		}
	case OpVsextend, OpVuextend, OpVsextmul, OpVuextmul:
		if in.Imm > 1 {
			return nil, 0, fmt.Errorf("half %d", in.Imm)
		}
	case OpVshuffle:
		for i := range 16 {
			if b := (V128{in.Imm, in.Imm2}).Byte(i); b >= 32 {
				return nil, 0, fmt.Errorf("shuffle lane index %d", b)
			}
		}
	}
	kind := func(k byte) Type {
		switch k {
		case 'v':
			return TypeV128
		case 'i':
			return TypeI32
		}
		return s.ScalarType()
	}
	args := make([]Type, len(sig.args))
	for i := range sig.args {
		args[i] = kind(sig.args[i])
	}
	result := kind(sig.result)
	if in.Op == OpVextractLane && s.LaneBits() < 32 {
		result = TypeI32
	}
	return args, result, nil
}

func simdMemorySignature(in *Instr) ([]Type, Type, error) {
	acc := MemAccess(in.Aux)
	okAcc := false
	switch in.Op {
	case OpVloadZero:
		okAcc = acc == Mem32 || acc == Mem64
	case OpVloadSextend, OpVloadUextend:
		okAcc = acc == Mem64 && wideShapes.has(Shape(in.Aux2))
	default:
		okAcc = acc == Mem8U || acc == Mem16U || acc == Mem32 || acc == Mem64
	}
	if !okAcc {
		return nil, 0, fmt.Errorf("memory access %s", acc)
	}
	switch in.Op {
	case OpVloadLane, OpVstoreLane:
		if in.Aux2 >= uint32(16/acc.Size()) {
			return nil, 0, fmt.Errorf("lane %d of a %d-byte access", in.Aux2, acc.Size())
		}
		if in.Op == OpVstoreLane {
			return []Type{TypeI32, TypeV128}, TypeInvalid, nil
		}
		return []Type{TypeI32, TypeV128}, TypeV128, nil
	}
	return []Type{TypeI32}, TypeV128, nil
}
