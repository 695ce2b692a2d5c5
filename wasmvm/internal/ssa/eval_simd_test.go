package ssa

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// vec builds a vector of shape s from lanes, lowest first; lanes are
// truncated to the lane width, so negative numbers can be given as int64.
func vec(s Shape, lanes ...int64) V128 {
	var v V128
	for i, l := range lanes {
		v.SetLane(s, i, uint64(l))
	}
	return v
}

func f32s(lanes ...float32) V128 {
	var v V128
	for i, l := range lanes {
		v.SetLane(ShapeF32x4, i, uint64(math.Float32bits(l)))
	}
	return v
}

func f64s(lanes ...float64) V128 {
	var v V128
	for i, l := range lanes {
		v.SetLane(ShapeF64x2, i, math.Float64bits(l))
	}
	return v
}

var nan32 = float32(math.NaN())

func TestV128Lanes(t *testing.T) {
	v := vec(ShapeI16x8, 1, 2, 3, 4, 5, 6, 7, -1)
	require.Equal(t, V128{Lo: 0x0004000300020001, Hi: 0xFFFF000700060005}, v)
	require.EqualValues(t, 0xFFFF, v.Lane(ShapeI16x8, 7))
	v.SetLane(ShapeI64x2, 1, 42)
	require.Equal(t, V128{Lo: 0x0004000300020001, Hi: 42}, v)
}

func TestEvalSIMD(t *testing.T) {
	shuffleLo, shuffleHi := uint64(0x1F1E1D1C03020100), uint64(0x0F0E0D0C13121110)
	cases := []struct {
		name    string
		in      Instr
		x, y, z V128
		want    V128
	}{
		{"i8x16.add_sat_s", Instr{Op: OpVsaddSat, Aux: uint32(ShapeI8x16)},
			vec(ShapeI8x16, 127, -128, 5), vec(ShapeI8x16, 1, -1, -10), V128{}, vec(ShapeI8x16, 127, -128, -5)},
		{"i16x8.sub_sat_u", Instr{Op: OpVusubSat, Aux: uint32(ShapeI16x8)},
			vec(ShapeI16x8, 1, 0xFFFF), vec(ShapeI16x8, 2, 1), V128{}, vec(ShapeI16x8, 0, 0xFFFE)},
		{"i16x8.q15mulr_sat_s", Instr{Op: OpVq15mulrSat, Aux: uint32(ShapeI16x8)},
			vec(ShapeI16x8, -32768, 16384, -1), vec(ShapeI16x8, -32768, 16384, 1), V128{},
			vec(ShapeI16x8, 32767, 8192, 0)},
		{"i8x16.avgr_u", Instr{Op: OpVavgrU, Aux: uint32(ShapeI8x16)},
			vec(ShapeI8x16, 255, 0, 1), vec(ShapeI8x16, 255, 1, 2), V128{}, vec(ShapeI8x16, 255, 1, 2)},
		{"i32x4.min_u", Instr{Op: OpVumin, Aux: uint32(ShapeI32x4)},
			vec(ShapeI32x4, -1, 3), vec(ShapeI32x4, 2, -3), V128{}, vec(ShapeI32x4, 2, 3)},
		{"i32x4.min_s", Instr{Op: OpVsmin, Aux: uint32(ShapeI32x4)},
			vec(ShapeI32x4, -1, 3), vec(ShapeI32x4, 2, -3), V128{}, vec(ShapeI32x4, -1, -3)},
		{"i64x2.lt_s", Instr{Op: OpVicmp, Cond: CondSLt, Aux: uint32(ShapeI64x2)},
			vec(ShapeI64x2, -1, 1), vec(ShapeI64x2, 0, 0), V128{}, vec(ShapeI64x2, -1, 0)},
		{"f32x4.min NaN and zeros", Instr{Op: OpVfmin, Aux: uint32(ShapeF32x4)},
			f32s(nan32, 0, float32(math.Copysign(0, -1)), 1), f32s(1, float32(math.Copysign(0, -1)), 0, 2), V128{},
			f32s(nan32, float32(math.Copysign(0, -1)), float32(math.Copysign(0, -1)), 1)},
		{"f32x4.pmin", Instr{Op: OpVpmin, Aux: uint32(ShapeF32x4)},
			f32s(nan32, 1, 0, 3), f32s(1, nan32, float32(math.Copysign(0, -1)), 2), V128{},
			f32s(nan32, 1, 0, 2)},
		{"f64x2.pmax", Instr{Op: OpVpmax, Aux: uint32(ShapeF64x2)},
			f64s(1, math.NaN()), f64s(2, 1), V128{}, f64s(2, math.NaN())},
		{"f32x4.lt", Instr{Op: OpVfcmp, Cond: CondFLt, Aux: uint32(ShapeF32x4)},
			f32s(1, nan32, 3, 4), f32s(2, 1, 3, 5), V128{}, vec(ShapeI32x4, -1, 0, 0, -1)},
		{"i32x4.trunc_sat_f32x4_u", Instr{Op: OpVfcvtToUintSat, Aux: uint32(ShapeF32x4)},
			f32s(-1.5, nan32, 5e9, 3.9), V128{}, V128{}, vec(ShapeI32x4, 0, 0, -1, 3)},
		{"i32x4.trunc_sat_f64x2_s_zero", Instr{Op: OpVfcvtToSintSat, Aux: uint32(ShapeF64x2)},
			f64s(-3e9, 7.5), V128{}, V128{}, vec(ShapeI32x4, math.MinInt32, 7, 0, 0)},
		{"f64x2.convert_low_i32x4_u", Instr{Op: OpVfcvtFromUint, Aux: uint32(ShapeF64x2)},
			vec(ShapeI32x4, -1, 2, 9, 9), V128{}, V128{}, f64s(4294967295, 2)},
		{"f32x4.demote_f64x2_zero", Instr{Op: OpVfdemote, Aux: uint32(ShapeF32x4)},
			f64s(1.5, math.Inf(-1)), V128{}, V128{}, f32s(1.5, float32(math.Inf(-1)), 0, 0)},
		{"i8x16.narrow_i16x8_u", Instr{Op: OpVunarrow, Aux: uint32(ShapeI8x16)},
			vec(ShapeI16x8, -5, 300, 7), vec(ShapeI16x8, 128), V128{},
			vec(ShapeI8x16, 0, 255, 7, 0, 0, 0, 0, 0, 128)},
		{"i16x8.narrow_i32x4_s", Instr{Op: OpVsnarrow, Aux: uint32(ShapeI16x8)},
			vec(ShapeI32x4, -40000, 40000), vec(ShapeI32x4, 0, 0, 0, -2), V128{},
			vec(ShapeI16x8, -32768, 32767, 0, 0, 0, 0, 0, -2)},
		{"i32x4.extmul_high_i16x8_s", Instr{Op: OpVsextmul, Aux: uint32(ShapeI32x4), Imm: 1},
			vec(ShapeI16x8, 0, 0, 0, 0, -2, 3, -32768, 1), vec(ShapeI16x8, 0, 0, 0, 0, 5, 7, -32768, -1), V128{},
			vec(ShapeI32x4, -10, 21, 1<<30, -1)},
		{"i64x2.extend_low_i32x4_u", Instr{Op: OpVuextend, Aux: uint32(ShapeI64x2)},
			vec(ShapeI32x4, -1, 2, 3, 4), V128{}, V128{}, vec(ShapeI64x2, 0xFFFFFFFF, 2)},
		{"i16x8.extadd_pairwise_i8x16_s", Instr{Op: OpVsextaddPairwise, Aux: uint32(ShapeI16x8)},
			vec(ShapeI8x16, -128, -128, 127, 1), V128{}, V128{}, vec(ShapeI16x8, -256, 128)},
		{"i32x4.dot_i16x8_s", Instr{Op: OpVdot, Aux: uint32(ShapeI32x4)},
			vec(ShapeI16x8, -32768, -32768, 1, 2), vec(ShapeI16x8, -32768, -32768, 3, 4), V128{},
			vec(ShapeI32x4, math.MinInt32, 11)},
		{"i64x2.shr_s count modulo 64", Instr{Op: OpVsshr, Aux: uint32(ShapeI64x2)},
			vec(ShapeI64x2, -4, 4), V128{Lo: 65}, V128{}, vec(ShapeI64x2, -2, 2)},
		{"i8x16.shl", Instr{Op: OpVishl, Aux: uint32(ShapeI8x16)},
			vec(ShapeI8x16, 0x81, 1), V128{Lo: 9}, V128{}, vec(ShapeI8x16, 2, 2)},
		{"i8x16.popcnt", Instr{Op: OpVpopcnt, Aux: uint32(ShapeI8x16)},
			vec(ShapeI8x16, 0xFF, 0x55, 0), V128{}, V128{}, vec(ShapeI8x16, 8, 4, 0)},
		{"i16x8.abs", Instr{Op: OpVabs, Aux: uint32(ShapeI16x8)},
			vec(ShapeI16x8, -32768, -3, 3), V128{}, V128{}, vec(ShapeI16x8, -32768, 3, 3)},
		{"i32x4.bitmask", Instr{Op: OpVbitmask, Aux: uint32(ShapeI32x4)},
			vec(ShapeI32x4, -1, 1, math.MinInt32, 0), V128{}, V128{}, V128{Lo: 0b0101}},
		{"i16x8.all_true", Instr{Op: OpVallTrue, Aux: uint32(ShapeI16x8)},
			vec(ShapeI16x8, 1, 1, 1, 1, 1, 1, 1, 0x100), V128{}, V128{}, V128{Lo: 1}},
		{"i64x2.all_true false", Instr{Op: OpVallTrue, Aux: uint32(ShapeI64x2)},
			vec(ShapeI64x2, 1, 0), V128{}, V128{}, V128{}},
		{"v128.any_true", Instr{Op: OpVanyTrue}, V128{Hi: 1 << 63}, V128{}, V128{}, V128{Lo: 1}},
		{"v128.bitselect", Instr{Op: OpVbitselect},
			V128{0xFF00, 1}, V128{0x0FF0, 2}, V128{0xF0F0, 3}, V128{0xF0F0&0xFF00 | 0x0FF0&^0xF0F0, 1}},
		{"i8x16.shuffle", Instr{Op: OpVshuffle, Imm: shuffleLo, Imm2: shuffleHi},
			V128{0x0706050403020100, 0x0F0E0D0C0B0A0908}, V128{0x1716151413121110, 0x1F1E1D1C1B1A1918}, V128{},
			V128{0x1F1E1D1C03020100, 0x0F0E0D0C13121110}},
		{"i8x16.swizzle", Instr{Op: OpVswizzle},
			vec(ShapeI8x16, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25),
			vec(ShapeI8x16, 15, 0, 16, 255, 3), V128{}, vec(ShapeI8x16, 25, 10, 0, 0, 13, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10)},
		{"i8x16.extract_lane_s", Instr{Op: OpVextractLaneS, Aux: uint32(ShapeI8x16), Imm: 1},
			vec(ShapeI8x16, 0, 0x80), V128{}, V128{}, V128{Lo: 0xFFFFFF80}},
		{"i16x8.extract_lane_u", Instr{Op: OpVextractLane, Aux: uint32(ShapeI16x8), Imm: 7},
			vec(ShapeI16x8, 0, 0, 0, 0, 0, 0, 0, -1), V128{}, V128{}, V128{Lo: 0xFFFF}},
		{"f64x2.replace_lane", Instr{Op: OpVinsertLane, Aux: uint32(ShapeF64x2), Imm: 1},
			f64s(1, 2), V128{Lo: math.Float64bits(3)}, V128{}, f64s(1, 3)},
		{"i16x8.splat", Instr{Op: OpVsplat, Aux: uint32(ShapeI16x8)},
			V128{Lo: 0x12345}, V128{}, V128{}, vec(ShapeI16x8, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, EvalSIMD(&c.in, c.x, c.y, c.z))
		})
	}
}

func TestEvalSIMDLoad(t *testing.T) {
	require.Equal(t, vec(ShapeI16x8, -1, 2, -128, 127),
		EvalSIMDLoad(&Instr{Op: OpVloadSextend, Aux: uint32(Mem64), Aux2: uint32(ShapeI16x8)}, 0x7F80_02FF, V128{}))
	require.Equal(t, vec(ShapeI32x4, 0xFFFF, 2),
		EvalSIMDLoad(&Instr{Op: OpVloadUextend, Aux: uint32(Mem64), Aux2: uint32(ShapeI32x4)}, 0x0002_FFFF, V128{}))
	require.Equal(t, vec(ShapeI32x4, 7, 7, 7, 7),
		EvalSIMDLoad(&Instr{Op: OpVloadSplat, Aux: uint32(Mem32)}, 7, V128{}))
	require.Equal(t, V128{Lo: 9}, EvalSIMDLoad(&Instr{Op: OpVloadZero, Aux: uint32(Mem64)}, 9, V128{}))
	require.Equal(t, V128{Lo: 1, Hi: 0xAB << 8},
		EvalSIMDLoad(&Instr{Op: OpVloadLane, Aux: uint32(Mem8U), Aux2: 9}, 0xAB, V128{Lo: 1}))
	require.EqualValues(t, 0xBEEF,
		EvalSIMDStoreLane(&Instr{Op: OpVstoreLane, Aux: uint32(Mem16U), Aux2: 5}, vec(ShapeI16x8, 0, 0, 0, 0, 0, 0xBEEF)))
}

func TestVerifySIMD(t *testing.T) {
	f := NewFunc("f", Signature{Params: []Type{TypeV128, TypeI32}, Results: []Type{TypeV128}})
	b := NewBuilder(f)
	x, n := f.Entry().Params[0], f.Entry().Params[1]
	good := b.Emit(&Instr{Op: OpVishl, Aux: uint32(ShapeI32x4), Args: []Value{x, n}}, TypeV128).Result()
	b.Emit(&Instr{Op: OpReturn, Args: []Value{good}})
	require.NoError(t, f.Verify())
	require.Equal(t, "v2:v128 = vishl i32x4, v0, v1", f.FormatInstr(f.Def(good)))

	bad := []*Instr{
		{Op: OpVishl, Aux: uint32(ShapeF32x4), Args: []Value{x, n}},                          // float shape
		{Op: OpVadd, Aux: uint32(ShapeI8x16), Args: []Value{x, n}},                           // i32 operand
		{Op: OpVextractLane, Aux: uint32(ShapeI32x4), Imm: 4, Args: []Value{x}},              // lane out of range
		{Op: OpVand, Aux: uint32(ShapeI32x4), Args: []Value{x, x}},                           // shape on a bitwise op
		{Op: OpVloadLane, Aux: uint32(Mem32), Aux2: 4, Args: []Value{n, x}},                  // lane of a 4-byte access
		{Op: OpVloadSextend, Aux: uint32(Mem32), Aux2: uint32(ShapeI16x8), Args: []Value{n}}, // not 64 bits
	}
	for _, in := range bad {
		g := NewFunc("g", f.Sig)
		gb := NewBuilder(g)
		res := TypeV128
		if in.Op == OpVextractLane {
			res = TypeI32
		}
		gb.Emit(&Instr{Op: in.Op, Aux: in.Aux, Aux2: in.Aux2, Imm: in.Imm, Args: in.Args}, res)
		gb.Emit(&Instr{Op: OpReturn, Args: []Value{x}})
		require.Error(t, g.Verify(), in.Op.String())
	}
}
