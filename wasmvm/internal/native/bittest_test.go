package native

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// bitTestModule branches on bit y of x written as (x >> y) & 1, unsigned
// and signed, at both widths, for != 0 and == 0 (x86 bt; arm64 a shift
// and tst), and looks bytes up in a 256-bit set in memory as musl's
// strstr does (BITOP), the count a loaded byte.
const bitTestModule = `(module
  (memory 1)
  (func (export "u32") (param $x i32) (param $y i32) (result i32)
    (if (result i32) (i32.and (i32.shr_u (local.get $x) (local.get $y)) (i32.const 1))
      (then (i32.const 7)) (else (i32.const 9))))
  (func (export "s32eqz") (param $x i32) (param $y i32) (result i32)
    (if (result i32) (i32.eqz (i32.and (i32.const 1) (i32.shr_s (local.get $x) (local.get $y))))
      (then (i32.const 3)) (else (i32.const 5))))
  (func (export "u64") (param $x i64) (param $y i64) (result i32)
    (if (result i32) (i64.ne (i64.and (i64.shr_u (local.get $x) (local.get $y)) (i64.const 1)) (i64.const 0))
      (then (i32.const 11)) (else (i32.const 13))))
  (func (export "s64eq") (param $x i64) (param $y i64) (result i32)
    (if (result i32) (i64.eq (i64.and (i64.shr_s (local.get $x) (local.get $y)) (i64.const 1)) (i64.const 0))
      (then (i32.const 17)) (else (i32.const 19))))
  (func (export "set") (param $x i32) (param $y i32) (result i32)
    (local $i i32) (local $n i32) (local $c i32)
    (i32.store (i32.const 0) (local.get $x))
    (i32.store (i32.const 4) (local.get $y))
    (i32.store (i32.const 8) (i32.xor (local.get $x) (local.get $y)))
    (i32.store (i32.const 12) (i32.mul (local.get $x) (i32.const 3)))
    (i32.store (i32.const 16) (i32.add (local.get $y) (i32.const 12345)))
    (i32.store (i32.const 20) (i32.rotl (local.get $x) (i32.const 9)))
    (i32.store (i32.const 24) (i32.sub (local.get $y) (local.get $x)))
    (i32.store (i32.const 28) (i32.or (local.get $x) (i32.const 0x10001)))
    (loop $l
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.and (i32.shr_u (i32.load (i32.and (i32.shr_u (local.get $c) (i32.const 3)) (i32.const 28)))
                              (local.get $c)) (i32.const 1))
        (then (local.set $n (i32.add (local.get $n) (local.get $i)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 32))))
    (local.get $n)))
`

// TestBitTests runs the bit tests on the native code against Go.
func TestBitTests(t *testing.T) {
	inst := instantiate(t, wattest.AssembleIn(t, t.TempDir(), "bittest", bitTestModule))
	call := func(name string, x, y uint64) uint64 {
		res, err := inst.Call(inst.Exports[name].Func, []uint64{x, y})
		require.NoError(t, err, "%s(%#x, %d)", name, x, y)
		return res[0]
	}
	pick := func(bit uint64, a, b uint64) uint64 {
		if bit != 0 {
			return a
		}
		return b
	}
	r := rand.New(rand.NewSource(9))
	for range 300 {
		x, y := r.Uint64(), uint64(r.Intn(200))
		x32, y32 := uint32(x), uint32(y)
		require.Equal(t, pick(uint64(x32>>(y32%32)&1), 7, 9), call("u32", uint64(x32), uint64(y32)), "u32(%#x, %d)", x32, y32)
		require.Equal(t, pick(uint64(int32(x32)>>(y32%32)&1), 5, 3), call("s32eqz", uint64(x32), uint64(y32)), "s32eqz(%#x, %d)", x32, y32)
		require.Equal(t, pick(x>>(y%64)&1, 11, 13), call("u64", x, y), "u64(%#x, %d)", x, y)
		require.Equal(t, pick(uint64(int64(x)>>(y%64)&1), 19, 17), call("s64eq", x, y), "s64eq(%#x, %d)", x, y)
		var mem [32]byte
		words := []uint32{x32, y32, x32 ^ y32, x32 * 3, y32 + 12345, x32<<9 | x32>>23, y32 - x32, x32 | 0x10001}
		for i, w := range words {
			mem[4*i], mem[4*i+1], mem[4*i+2], mem[4*i+3] = byte(w), byte(w>>8), byte(w>>16), byte(w>>24)
		}
		want := uint32(0)
		for i, c := range mem {
			if words[c>>5]>>(c&31)&1 != 0 {
				want += uint32(i)
			}
		}
		require.Equal(t, uint64(want), call("set", uint64(x32), uint64(y32))&0xffffffff, "set(%#x, %#x)", x32, y32)
	}
}
