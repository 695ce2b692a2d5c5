package native

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestVectorConstantOperands checks lane-wise operations with a v128
// constant operand, which the amd64 backend reads from the function's
// constants instead of a register: the constant second, and first where
// the operation commutes (and where it does not, so it stays in a
// register), on this CPU (VEX forms) and the baseline one (SSE).
func TestVectorConstantOperands(t *testing.T) {
	const src = `(module
  (memory 1)
  (func (export "f64mul") (param i32)
    (v128.store (local.get 0)
      (f64x2.mul (v128.load (local.get 0)) (v128.const f64x2 0.2 -3.5))))
  (func (export "f64sub") (param i32)
    ;; the constant first, of an operation that does not commute
    (v128.store (local.get 0)
      (f64x2.sub (v128.const f64x2 1.5 100) (v128.load (local.get 0)))))
  (func (export "f32div") (param i32)
    (v128.store (local.get 0)
      (f32x4.div (v128.load (local.get 0)) (v128.const f32x4 2 4 -8 0.5))))
  (func (export "i32add") (param i32)
    ;; the constant first, of an operation that commutes
    (v128.store (local.get 0)
      (i32x4.add (v128.const i32x4 1 -2 3 0x7fffffff) (v128.load (local.get 0)))))
  (func (export "i16mul") (param i32)
    (v128.store (local.get 0)
      (i16x8.mul (v128.load (local.get 0)) (v128.const i16x8 3 -1 7 0 2 9 -300 1))))
  (func (export "and") (param i32)
    (v128.store (local.get 0)
      (v128.and (v128.const i64x2 0x0f0f0f0f0f0f0f0f 0xff00ff00ff00ff00) (v128.load (local.get 0)))))
  (func (export "i8sub") (param i32)
    (v128.store (local.get 0)
      (i8x16.sub (v128.load (local.get 0)) (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))))
  (func (export "loop") (param i32 i32)
    ;; a loop scaling n pairs of doubles: the constant in every iteration
    (loop $l
      (v128.store (local.get 0)
        (f64x2.add (f64x2.mul (v128.load (local.get 0)) (v128.const f64x2 0.5 0.25))
                   (v128.const f64x2 1 2)))
      (local.set 0 (i32.add (local.get 0) (i32.const 16)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))))`
	b := wattest.AssembleIn(t, t.TempDir(), "vecconst", src)
	// le is the little-endian bytes of a slice of fixed-size numbers.
	le := func(x any) []byte {
		out, err := binary.Append(nil, binary.LittleEndian, x)
		require.NoError(t, err)
		return out
	}
	f64s := func(x ...float64) []byte { return le(x) }
	f32s := func(x ...float32) []byte { return le(x) }
	u32s := func(x ...uint32) []byte { return le(x) }
	u16s := func(x ...uint16) []byte { return le(x) }
	u64s := func(x ...uint64) []byte { return le(x) }
	seq := make([]byte, 16)
	for i := range seq {
		seq[i] = byte(200 + i*3)
	}
	seqMinus := make([]byte, 16)
	for i := range seqMinus {
		seqMinus[i] = seq[i] - byte(i+1)
	}
	cases := []struct {
		name    string
		in, out []byte
	}{
		{"f64mul", f64s(10, 2), f64s(10*0.2, 2*-3.5)},
		{"f64sub", f64s(0.25, -7), f64s(1.5-0.25, 100+7)},
		{"f32div", f32s(1, 2, 3, 4), f32s(0.5, 0.5, -0.375, 8)},
		{"i32add", u32s(5, 1, 0xffffffff, 1), u32s(6, 0xffffffff, 2, 0x80000000)},
		{"i16mul", u16s(2, 3, 4, 5, 6, 7, 8, 9), u16s(6, 0xfffd, 28, 0, 12, 63, uint16(0x10000-2400), 9)},
		{"and", u64s(0x1234567890abcdef, 0x1234567890abcdef), u64s(0x1234567890abcdef&0x0f0f0f0f0f0f0f0f, 0x1234567890abcdef&0xff00ff00ff00ff00)},
		{"i8sub", seq, seqMinus},
	}
	for _, baseline := range []bool{false, true} {
		inst := instantiateWith(t, b, &Engine{Baseline: baseline}, runtime.Options{})
		const at = 64
		for _, c := range cases {
			copy(inst.Memory.Bytes[at:], c.in)
			_, err := inst.Call(inst.Exports[c.name].Func, []uint64{at})
			require.NoError(t, err, c.name)
			require.Equal(t, c.out, inst.Memory.Bytes[at:at+16], "%s (baseline %v)", c.name, baseline)
		}
		const n = 5
		for i := range n {
			copy(inst.Memory.Bytes[at+16*i:], f64s(float64(i), float64(-i)))
		}
		_, err := inst.Call(inst.Exports["loop"].Func, []uint64{at, n})
		require.NoError(t, err)
		for i := range n {
			require.Equal(t, f64s(float64(i)*0.5+1, float64(-i)*0.25+2), inst.Memory.Bytes[at+16*i:at+16*i+16], "loop pair %d", i)
		}
	}
}
