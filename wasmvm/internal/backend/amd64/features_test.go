package amd64

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// i64x2Module is (func (param v128 v128) (result v128) (i64x2.<op>
// (local.get 0) (local.get 1))) with op's SIMD opcode (one LEB128 byte
// pair).
func i64x2Module(op byte) []byte {
	return []byte("\x00asm\x01\x00\x00\x00\x01\x07\x01\x60\x02\x7b\x7b\x01\x7b\x03\x02\x01\x00" +
		"\x0a\x0b\x01\x09\x00\x20\x00\x20\x01\xfd" + string([]byte{op, 0x01}) + "\x0b")
}

func decodeModule(t *testing.T, b []byte) *wasm.Module {
	t.Helper()
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	return m
}

// TestFeaturesRecorded checks that a module records SSE4.2 exactly when
// its code compares i64x2 lanes for order (pcmpgtq), on top of the
// baseline every module needs.
func TestFeaturesRecorded(t *testing.T) {
	const eq, gtS = 0xd6, 0xd9
	for _, tc := range []struct {
		op   byte
		want uint64
	}{{eq, RequiredFeatures}, {gtS, RequiredFeatures | FeatureSSE42}} {
		b := i64x2Module(tc.op)
		obj, err := Compile(decodeModule(t, b), b, objfile.BoundsChecked)
		require.NoError(t, err)
		require.Equal(t, tc.want, obj.Features, "opcode %#x", tc.op)
	}
}

// TestSIMDNeedsTarget checks that lowering refuses v128 values for a
// target that does not compile SIMD.
func TestSIMDNeedsTarget(t *testing.T) {
	f, err := frontend.Translate(decodeModule(t, i64x2Module(0xd6)), 0)
	require.NoError(t, err)
	_, err = mach.Lower(f, &mach.Target{Registers: registerInfo})
	require.ErrorIs(t, err, mach.ErrUnsupported)
	l, err := mach.Lower(f, target)
	require.NoError(t, err)
	require.True(t, l.V128)
	require.EqualValues(t, 16, l.FloatSlotBytes())
}

// TestFeaturesOfCPU checks that the CPU a compilation targets decides the
// encodings: VEX (recorded as AVX) for V3, the SSE forms for Baseline,
// which is what Compile targets.
func TestFeaturesOfCPU(t *testing.T) {
	const add = 0xce // i64x2.add
	b := i64x2Module(add)
	m := decodeModule(t, b)
	base, err := Compile(m, b, objfile.BoundsChecked)
	require.NoError(t, err)
	require.Equal(t, RequiredFeatures, base.Features)
	same, err := CompileFor(Baseline)(m, b, objfile.BoundsChecked)
	require.NoError(t, err)
	require.Equal(t, base.Code, same.Code)
	v3, err := CompileFor(V3)(m, b, objfile.BoundsChecked)
	require.NoError(t, err)
	require.Equal(t, RequiredFeatures|FeatureAVX, v3.Features)
	require.Contains(t, strings.Join(objdumpIntel(t, v3.Code), "\n"), "vpaddq")
	require.NotContains(t, strings.Join(objdumpIntel(t, base.Code), "\n"), "vpaddq")
}

// TestFeatureNames checks the names messages give features.
func TestFeatureNames(t *testing.T) {
	require.Equal(t, "SSE4.1 POPCNT LZCNT SSE4.2 AVX AVX2 BMI2", FeatureNames(V3))
	require.Equal(t, "AVX 0x100", FeatureNames(FeatureAVX|1<<8))
}
