package frontend

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestEverySIMDInstructionMaps checks that each of the 236 SIMD
// instructions has an SSA form.
func TestEverySIMDInstructionMaps(t *testing.T) {
	n := 0
	for sub, op := range wasm.SIMDOps {
		switch op.Kind {
		case wasm.SIMDInvalid:
			continue
		case wasm.SIMDLoad, wasm.SIMDStore, wasm.SIMDLoadLane, wasm.SIMDStoreLane:
			_, ok := simdLoads[op.Name]
			require.True(t, ok, op.Name)
		case wasm.SIMDConst, wasm.SIMDShuffle:
		case wasm.SIMDSplat, wasm.SIMDExtract, wasm.SIMDReplace:
			require.NotEqual(t, ssa.OpInvalid, vecOps()[sub].op, op.Name)
			require.NotZero(t, vecOps()[sub].shape, op.Name)
		default:
			require.NotEqual(t, ssa.OpInvalid, vecOps()[sub].op, op.Name)
		}
		n++
	}
	require.Equal(t, 236, n)
	// Conversions take their shape from the right place.
	require.Equal(t, vecOp{op: ssa.OpVfcvtToUintSat, shape: ssa.ShapeF64x2}, vecOpNamed("i32x4.trunc_sat_f64x2_u_zero"))
	require.Equal(t, vecOp{op: ssa.OpVfcvtFromSint, shape: ssa.ShapeF64x2}, vecOpNamed("f64x2.convert_low_i32x4_s"))
	require.Equal(t, vecOp{op: ssa.OpVuextmul, shape: ssa.ShapeI16x8, half: 1}, vecOpNamed("i16x8.extmul_high_i8x16_u"))
	require.Equal(t, vecOp{op: ssa.OpVfcmp, shape: ssa.ShapeF32x4, cond: ssa.CondNe}, vecOpNamed("f32x4.ne"))
	require.Equal(t, vecOp{op: ssa.OpVswizzle, bitwise: true}, vecOpNamed("i8x16.swizzle"))
	require.Equal(t, vecOp{op: ssa.OpVextractLaneS, shape: ssa.ShapeI16x8}, laneOpNamed("i16x8.extract_lane_s", wasm.SIMDExtract))
	require.Equal(t, vecOp{op: ssa.OpVextractLane, shape: ssa.ShapeI8x16}, laneOpNamed("i8x16.extract_lane_u", wasm.SIMDExtract))
}
