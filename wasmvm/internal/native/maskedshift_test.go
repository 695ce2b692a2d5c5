package native

import (
	"math/bits"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestMaskedShifts runs wattest.MaskedShiftsModule, whose masked shifts
// right are rotations (rorx on amd64 with BMI2) where the mask clears
// the bits rotated in, against Go.
func TestMaskedShifts(t *testing.T) {
	inst := instantiate(t, wattest.Assemble(t, wattest.MaskedShiftsModule))
	call := exportCaller(t, inst)
	for _, x := range []uint64{0, 1, 7, 8, 0xff, 0x1234_5678, 0x8000_0000, 0xdead_beef, 0xffff_ffff,
		0x8000_0000_0000_000f, 0xffff_ffff_ffff_ffff, 0x0123_4567_89ab_cdef} {
		u := uint32(x)
		require.Equal(t, (u>>3)&28+u, uint32(call("byteword", uint64(u))), "byteword(%#x)", u)
		require.Equal(t, (u>>24)*3+u, uint32(call("top", uint64(u))), "top(%#x)", u)
		require.Equal(t, (u>>4)&0x0fffffff+u, uint32(call("edge", uint64(u))), "edge(%#x)", u)
		require.Equal(t, (u>>4)&0x1fffffff+u, uint32(call("over", uint64(u))), "over(%#x)", u)
		require.Equal(t, (x>>4)&0x0fffffffffffffff+x, call("wide", x), "wide(%#x)", x)
		require.Equal(t, (x>>4)&0x1fffffffffffffff+x, call("wideover", x), "wideover(%#x)", x)
		require.Equal(t, bits.RotateLeft32(u, 7)^bits.RotateLeft32(u, -13)+u, uint32(call("rot", uint64(u))), "rot(%#x)", u)
	}
}
