package native

import (
	"math/bits"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// byteSwapModule writes byte swaps as C code does (opt.Fold makes each
// one OpBswap: bswap on amd64, rev on arm64), the result used again so
// that the source and the swap are both live, and a rotation by a byte,
// which stays shifts.
const byteSwapModule = `(module
  (func (export "swap32") (param $x i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $x) (i32.const 24))
              (i32.and (i32.shl (local.get $x) (i32.const 8)) (i32.const 0xff0000)))
      (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
              (i32.shr_u (local.get $x) (i32.const 24)))))
  (func (export "swap32add") (param $x i32) (result i32)
    (i32.add (local.get $x)
      (i32.or
        (i32.or (i32.shl (local.get $x) (i32.const 24))
                (i32.and (i32.shl (local.get $x) (i32.const 8)) (i32.const 0xff0000)))
        (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
                (i32.shr_u (local.get $x) (i32.const 24))))))
  (func (export "swap64") (param $x i64) (result i64)
    (i64.or (i64.or (i64.or (i64.shl (local.get $x) (i64.const 56))
      (i64.shl (i64.and (local.get $x) (i64.const 0xff00)) (i64.const 40)))
      (i64.or (i64.shl (i64.and (local.get $x) (i64.const 0xff0000)) (i64.const 24))
              (i64.shl (i64.and (local.get $x) (i64.const 0xff000000)) (i64.const 8))))
      (i64.or (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0xff000000))
                      (i64.and (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 0xff0000)))
              (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 0xff00))
                      (i64.shr_u (local.get $x) (i64.const 56))))))
  (func (export "rot32") (param $x i32) (result i32)
    (i32.or (i32.shl (local.get $x) (i32.const 8)) (i32.shr_u (local.get $x) (i32.const 24)))))
`

// TestByteSwaps runs the byte swaps on both backends' native code against
// Go's byte reversal.
func TestByteSwaps(t *testing.T) {
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "bswap", byteSwapModule))
	r := rand.New(rand.NewSource(5))
	xs := []uint64{0, 1, 0x11223344, 0x8899aabbccddeeff, ^uint64(0), 0x80, 0x8000000000000000}
	for range 40 {
		xs = append(xs, r.Uint64())
	}
	call := func(name string, x uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, []uint64{x})
		require.NoError(t, err, "%s(%#x)", name, x)
		return res[0]
	}
	for _, x := range xs {
		x32 := uint32(x)
		require.Equal(t, bits.ReverseBytes32(x32), uint32(call("swap32", uint64(x32))), "swap32(%#x)", x32)
		require.Equal(t, x32+bits.ReverseBytes32(x32), uint32(call("swap32add", uint64(x32))), "swap32add(%#x)", x32)
		require.Equal(t, bits.ReverseBytes64(x), call("swap64", x), "swap64(%#x)", x)
		require.Equal(t, bits.RotateLeft32(x32, 8), uint32(call("rot32", uint64(x32))), "rot32(%#x)", x32)
	}
}
