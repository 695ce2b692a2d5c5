package native

import (
	"math/bits"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// swap64X is the byte swap of the i64 $x as C writes it, the bytes
// masked before they are shifted.
const swap64X = `(i64.or (i64.or (i64.or (i64.shl (local.get $x) (i64.const 56))
  (i64.shl (i64.and (local.get $x) (i64.const 0xff00)) (i64.const 40)))
  (i64.or (i64.shl (i64.and (local.get $x) (i64.const 0xff0000)) (i64.const 24))
          (i64.shl (i64.and (local.get $x) (i64.const 0xff000000)) (i64.const 8))))
  (i64.or (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0xff000000))
                  (i64.and (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 0xff0000)))
          (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 0xff00))
                  (i64.shr_u (local.get $x) (i64.const 56)))))`

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
    ` + swap64X + `)
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

// byteSwapLoopModule swaps the bytes of n words (i32 from 0 to 1024,
// i64 from 0 to 2048) into place: loops opt.Vectorize makes a shuffle
// of each vector's bytes.
const byteSwapLoopModule = `(module
  (memory 1)
  (func (export "fill") (param $seed i32)
    (local $i i32)
    (loop $l
      (local.set $seed (i32.add (i32.mul (local.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store (local.get $i) (local.get $seed))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 8192)))))
  (func (export "swap32s") (param $n i32)
    (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (i32.load offset=0 (local.get $i)))
      (i32.store offset=4096 (local.get $i)
        (i32.or
          (i32.or (i32.shl (local.get $x) (i32.const 24))
                  (i32.and (i32.shl (local.get $x) (i32.const 8)) (i32.const 0xff0000)))
          (i32.or (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0xff00))
                  (i32.shr_u (local.get $x) (i32.const 24)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.shl (local.get $n) (i32.const 2))))))
  (func (export "swap64s") (param $n i32)
    (local $i i32) (local $x i64)
    (loop $l
      (local.set $x (i64.load offset=0 (local.get $i)))
      (i64.store offset=4096 (local.get $i)
        ` + swap64X + `)
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.shl (local.get $n) (i32.const 3))))))
  (func (export "word") (param $at i32) (result i64) (i64.load (local.get $at))))
`

// TestByteSwapLoops runs the vectorized byte swap loops for counts around
// the vector's and the unrolled body's sizes and checks every word
// against Go's byte reversal (and the words after the last untouched).
func TestByteSwapLoops(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "bswaploop", byteSwapLoopModule)
	require.Equal(t, 2, vectorizedLoops(t, b, opt.Vectorize))
	inst := instantiate(t, b)
	call := func(name string, args ...uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, args)
		require.NoError(t, err, "%s%v", name, args)
		if len(res) == 0 {
			return 0
		}
		return res[0]
	}
	for _, n := range []uint64{1, 3, 4, 5, 15, 16, 17, 63, 64, 65, 200} {
		for _, width := range []uint64{4, 8} {
			call("fill", n*width+1)
			name := "swap32s"
			if width == 8 {
				name = "swap64s"
			}
			after := []uint64{call("word", 4096+n*width), call("word", 4096+(n+1)*width)}
			call(name, n)
			for i := range n + 2 {
				in, out := call("word", i*width), call("word", 4096+i*width)
				want := bits.ReverseBytes64(in)
				if width == 4 {
					want = uint64(bits.ReverseBytes32(uint32(in))) | out&^0xffffffff
				}
				if i >= n { // past the loop: as fill left it
					want = after[i-n]
				}
				require.Equal(t, want, out, "%s(%d) word %d", name, n, i)
			}
		}
	}
}
