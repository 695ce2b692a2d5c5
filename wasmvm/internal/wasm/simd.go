package wasm

// SIMDKind classifies a SIMD instruction by its immediates and stack
// signature.
type SIMDKind byte

// SIMD instruction classes.
const (
	SIMDInvalid   SIMDKind = iota
	SIMDLoad               // memarg; [i32] -> [v128]
	SIMDStore              // memarg; [i32 v128] -> []
	SIMDLoadLane           // memarg lane; [i32 v128] -> [v128]
	SIMDStoreLane          // memarg lane; [i32 v128] -> []
	SIMDConst              // 16 bytes; [] -> [v128]
	SIMDShuffle            // 16 lane indices; [v128 v128] -> [v128]
	SIMDExtract            // lane; [v128] -> [scalar]
	SIMDReplace            // lane; [v128 scalar] -> [v128]
	SIMDSplat              // [scalar] -> [v128]
	SIMDUnary              // [v128] -> [v128]
	SIMDBinary             // [v128 v128] -> [v128]
	SIMDTernary            // [v128 v128 v128] -> [v128]
	SIMDTest               // [v128] -> [i32]
	SIMDShift              // [v128 i32] -> [v128]
)

// SIMDOp describes one SIMD instruction (sub-opcode after OpPrefixSIMD).
type SIMDOp struct {
	Name   string
	Kind   SIMDKind
	Scalar ValueType // lane type for extract, replace and splat
	Lanes  byte      // lane count for lane immediates
	Align  byte      // log2 of the natural alignment of memory instructions
}

// SIMDOps is indexed by sub-opcode; entries with Kind SIMDInvalid are not
// instructions.
var SIMDOps = buildSIMDOps()

func buildSIMDOps() (t [256]SIMDOp) {
	mem := func(op uint32, name string, kind SIMDKind, align, lanes byte) {
		t[op] = SIMDOp{Name: name, Kind: kind, Align: align, Lanes: lanes}
	}
	mem(0x00, "v128.load", SIMDLoad, 4, 0)
	mem(0x01, "v128.load8x8_s", SIMDLoad, 3, 0)
	mem(0x02, "v128.load8x8_u", SIMDLoad, 3, 0)
	mem(0x03, "v128.load16x4_s", SIMDLoad, 3, 0)
	mem(0x04, "v128.load16x4_u", SIMDLoad, 3, 0)
	mem(0x05, "v128.load32x2_s", SIMDLoad, 3, 0)
	mem(0x06, "v128.load32x2_u", SIMDLoad, 3, 0)
	mem(0x07, "v128.load8_splat", SIMDLoad, 0, 0)
	mem(0x08, "v128.load16_splat", SIMDLoad, 1, 0)
	mem(0x09, "v128.load32_splat", SIMDLoad, 2, 0)
	mem(0x0A, "v128.load64_splat", SIMDLoad, 3, 0)
	mem(0x0B, "v128.store", SIMDStore, 4, 0)
	mem(0x5C, "v128.load32_zero", SIMDLoad, 2, 0)
	mem(0x5D, "v128.load64_zero", SIMDLoad, 3, 0)
	mem(0x54, "v128.load8_lane", SIMDLoadLane, 0, 16)
	mem(0x55, "v128.load16_lane", SIMDLoadLane, 1, 8)
	mem(0x56, "v128.load32_lane", SIMDLoadLane, 2, 4)
	mem(0x57, "v128.load64_lane", SIMDLoadLane, 3, 2)
	mem(0x58, "v128.store8_lane", SIMDStoreLane, 0, 16)
	mem(0x59, "v128.store16_lane", SIMDStoreLane, 1, 8)
	mem(0x5A, "v128.store32_lane", SIMDStoreLane, 2, 4)
	mem(0x5B, "v128.store64_lane", SIMDStoreLane, 3, 2)
	t[0x0C] = SIMDOp{Name: "v128.const", Kind: SIMDConst}
	t[0x0D] = SIMDOp{Name: "i8x16.shuffle", Kind: SIMDShuffle, Lanes: 32}

	lane := func(op uint32, name string, kind SIMDKind, scalar ValueType, lanes byte) {
		t[op] = SIMDOp{Name: name, Kind: kind, Scalar: scalar, Lanes: lanes}
	}
	lane(0x15, "i8x16.extract_lane_s", SIMDExtract, I32, 16)
	lane(0x16, "i8x16.extract_lane_u", SIMDExtract, I32, 16)
	lane(0x17, "i8x16.replace_lane", SIMDReplace, I32, 16)
	lane(0x18, "i16x8.extract_lane_s", SIMDExtract, I32, 8)
	lane(0x19, "i16x8.extract_lane_u", SIMDExtract, I32, 8)
	lane(0x1A, "i16x8.replace_lane", SIMDReplace, I32, 8)
	lane(0x1B, "i32x4.extract_lane", SIMDExtract, I32, 4)
	lane(0x1C, "i32x4.replace_lane", SIMDReplace, I32, 4)
	lane(0x1D, "i64x2.extract_lane", SIMDExtract, I64, 2)
	lane(0x1E, "i64x2.replace_lane", SIMDReplace, I64, 2)
	lane(0x1F, "f32x4.extract_lane", SIMDExtract, F32, 4)
	lane(0x20, "f32x4.replace_lane", SIMDReplace, F32, 4)
	lane(0x21, "f64x2.extract_lane", SIMDExtract, F64, 2)
	lane(0x22, "f64x2.replace_lane", SIMDReplace, F64, 2)
	lane(0x0F, "i8x16.splat", SIMDSplat, I32, 0)
	lane(0x10, "i16x8.splat", SIMDSplat, I32, 0)
	lane(0x11, "i32x4.splat", SIMDSplat, I32, 0)
	lane(0x12, "i64x2.splat", SIMDSplat, I64, 0)
	lane(0x13, "f32x4.splat", SIMDSplat, F32, 0)
	lane(0x14, "f64x2.splat", SIMDSplat, F64, 0)

	set := func(kind SIMDKind, ops map[uint32]string) {
		for op, name := range ops {
			t[op] = SIMDOp{Name: name, Kind: kind}
		}
	}
	set(SIMDBinary, map[uint32]string{
		0x0E: "i8x16.swizzle",
		0x23: "i8x16.eq", 0x24: "i8x16.ne", 0x25: "i8x16.lt_s", 0x26: "i8x16.lt_u",
		0x27: "i8x16.gt_s", 0x28: "i8x16.gt_u", 0x29: "i8x16.le_s", 0x2A: "i8x16.le_u",
		0x2B: "i8x16.ge_s", 0x2C: "i8x16.ge_u",
		0x2D: "i16x8.eq", 0x2E: "i16x8.ne", 0x2F: "i16x8.lt_s", 0x30: "i16x8.lt_u",
		0x31: "i16x8.gt_s", 0x32: "i16x8.gt_u", 0x33: "i16x8.le_s", 0x34: "i16x8.le_u",
		0x35: "i16x8.ge_s", 0x36: "i16x8.ge_u",
		0x37: "i32x4.eq", 0x38: "i32x4.ne", 0x39: "i32x4.lt_s", 0x3A: "i32x4.lt_u",
		0x3B: "i32x4.gt_s", 0x3C: "i32x4.gt_u", 0x3D: "i32x4.le_s", 0x3E: "i32x4.le_u",
		0x3F: "i32x4.ge_s", 0x40: "i32x4.ge_u",
		0xD6: "i64x2.eq", 0xD7: "i64x2.ne", 0xD8: "i64x2.lt_s", 0xD9: "i64x2.gt_s",
		0xDA: "i64x2.le_s", 0xDB: "i64x2.ge_s",
		0x41: "f32x4.eq", 0x42: "f32x4.ne", 0x43: "f32x4.lt", 0x44: "f32x4.gt",
		0x45: "f32x4.le", 0x46: "f32x4.ge",
		0x47: "f64x2.eq", 0x48: "f64x2.ne", 0x49: "f64x2.lt", 0x4A: "f64x2.gt",
		0x4B: "f64x2.le", 0x4C: "f64x2.ge",
		0x4E: "v128.and", 0x4F: "v128.andnot", 0x50: "v128.or", 0x51: "v128.xor",
		0x65: "i8x16.narrow_i16x8_s", 0x66: "i8x16.narrow_i16x8_u",
		0x6E: "i8x16.add", 0x6F: "i8x16.add_sat_s", 0x70: "i8x16.add_sat_u",
		0x71: "i8x16.sub", 0x72: "i8x16.sub_sat_s", 0x73: "i8x16.sub_sat_u",
		0x76: "i8x16.min_s", 0x77: "i8x16.min_u", 0x78: "i8x16.max_s", 0x79: "i8x16.max_u",
		0x7B: "i8x16.avgr_u",
		0x82: "i16x8.q15mulr_sat_s",
		0x85: "i16x8.narrow_i32x4_s", 0x86: "i16x8.narrow_i32x4_u",
		0x8E: "i16x8.add", 0x8F: "i16x8.add_sat_s", 0x90: "i16x8.add_sat_u",
		0x91: "i16x8.sub", 0x92: "i16x8.sub_sat_s", 0x93: "i16x8.sub_sat_u",
		0x95: "i16x8.mul", 0x96: "i16x8.min_s", 0x97: "i16x8.min_u", 0x98: "i16x8.max_s",
		0x99: "i16x8.max_u", 0x9B: "i16x8.avgr_u",
		0x9C: "i16x8.extmul_low_i8x16_s", 0x9D: "i16x8.extmul_high_i8x16_s",
		0x9E: "i16x8.extmul_low_i8x16_u", 0x9F: "i16x8.extmul_high_i8x16_u",
		0xAE: "i32x4.add", 0xB1: "i32x4.sub", 0xB5: "i32x4.mul",
		0xB6: "i32x4.min_s", 0xB7: "i32x4.min_u", 0xB8: "i32x4.max_s", 0xB9: "i32x4.max_u",
		0xBA: "i32x4.dot_i16x8_s",
		0xBC: "i32x4.extmul_low_i16x8_s", 0xBD: "i32x4.extmul_high_i16x8_s",
		0xBE: "i32x4.extmul_low_i16x8_u", 0xBF: "i32x4.extmul_high_i16x8_u",
		0xCE: "i64x2.add", 0xD1: "i64x2.sub", 0xD5: "i64x2.mul",
		0xDC: "i64x2.extmul_low_i32x4_s", 0xDD: "i64x2.extmul_high_i32x4_s",
		0xDE: "i64x2.extmul_low_i32x4_u", 0xDF: "i64x2.extmul_high_i32x4_u",
		0xE4: "f32x4.add", 0xE5: "f32x4.sub", 0xE6: "f32x4.mul", 0xE7: "f32x4.div",
		0xE8: "f32x4.min", 0xE9: "f32x4.max", 0xEA: "f32x4.pmin", 0xEB: "f32x4.pmax",
		0xF0: "f64x2.add", 0xF1: "f64x2.sub", 0xF2: "f64x2.mul", 0xF3: "f64x2.div",
		0xF4: "f64x2.min", 0xF5: "f64x2.max", 0xF6: "f64x2.pmin", 0xF7: "f64x2.pmax",
	})
	set(SIMDUnary, map[uint32]string{
		0x4D: "v128.not",
		0x5E: "f32x4.demote_f64x2_zero", 0x5F: "f64x2.promote_low_f32x4",
		0x60: "i8x16.abs", 0x61: "i8x16.neg", 0x62: "i8x16.popcnt",
		0x67: "f32x4.ceil", 0x68: "f32x4.floor", 0x69: "f32x4.trunc", 0x6A: "f32x4.nearest",
		0x74: "f64x2.ceil", 0x75: "f64x2.floor", 0x7A: "f64x2.trunc", 0x94: "f64x2.nearest",
		0x7C: "i16x8.extadd_pairwise_i8x16_s", 0x7D: "i16x8.extadd_pairwise_i8x16_u",
		0x7E: "i32x4.extadd_pairwise_i16x8_s", 0x7F: "i32x4.extadd_pairwise_i16x8_u",
		0x80: "i16x8.abs", 0x81: "i16x8.neg",
		0x87: "i16x8.extend_low_i8x16_s", 0x88: "i16x8.extend_high_i8x16_s",
		0x89: "i16x8.extend_low_i8x16_u", 0x8A: "i16x8.extend_high_i8x16_u",
		0xA0: "i32x4.abs", 0xA1: "i32x4.neg",
		0xA7: "i32x4.extend_low_i16x8_s", 0xA8: "i32x4.extend_high_i16x8_s",
		0xA9: "i32x4.extend_low_i16x8_u", 0xAA: "i32x4.extend_high_i16x8_u",
		0xC0: "i64x2.abs", 0xC1: "i64x2.neg",
		0xC7: "i64x2.extend_low_i32x4_s", 0xC8: "i64x2.extend_high_i32x4_s",
		0xC9: "i64x2.extend_low_i32x4_u", 0xCA: "i64x2.extend_high_i32x4_u",
		0xE0: "f32x4.abs", 0xE1: "f32x4.neg", 0xE3: "f32x4.sqrt",
		0xEC: "f64x2.abs", 0xED: "f64x2.neg", 0xEF: "f64x2.sqrt",
		0xF8: "i32x4.trunc_sat_f32x4_s", 0xF9: "i32x4.trunc_sat_f32x4_u",
		0xFA: "f32x4.convert_i32x4_s", 0xFB: "f32x4.convert_i32x4_u",
		0xFC: "i32x4.trunc_sat_f64x2_s_zero", 0xFD: "i32x4.trunc_sat_f64x2_u_zero",
		0xFE: "f64x2.convert_low_i32x4_s", 0xFF: "f64x2.convert_low_i32x4_u",
	})
	set(SIMDTernary, map[uint32]string{0x52: "v128.bitselect"})
	set(SIMDTest, map[uint32]string{
		0x53: "v128.any_true",
		0x63: "i8x16.all_true", 0x64: "i8x16.bitmask",
		0x83: "i16x8.all_true", 0x84: "i16x8.bitmask",
		0xA3: "i32x4.all_true", 0xA4: "i32x4.bitmask",
		0xC3: "i64x2.all_true", 0xC4: "i64x2.bitmask",
	})
	set(SIMDShift, map[uint32]string{
		0x6B: "i8x16.shl", 0x6C: "i8x16.shr_s", 0x6D: "i8x16.shr_u",
		0x8B: "i16x8.shl", 0x8C: "i16x8.shr_s", 0x8D: "i16x8.shr_u",
		0xAB: "i32x4.shl", 0xAC: "i32x4.shr_s", 0xAD: "i32x4.shr_u",
		0xCB: "i64x2.shl", 0xCC: "i64x2.shr_s", 0xCD: "i64x2.shr_u",
	})
	return t
}
