package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestEncodeCompareSumAndRotate checks the encodings of rorx, of setcc and
// or on byte registers (REX for sil and dil) and of adc and sbb.
func TestEncodeCompareSumAndRotate(t *testing.T) {
	for _, tc := range []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.vexRRRI(vop{prefix: 0xF2, esc: 0x3A, op: 0xF0}, RDX, 0, R8, 3) }, "rorx edx, r8d, 0x3"},
		{func(e *buf) { e.vexRRRI(vop{prefix: 0xF2, esc: 0x3A, op: 0xF0, w: true}, R11, 0, RSI, 60) }, "rorx r11, rsi, 0x3c"},
		{func(e *buf) { e.setcc8(ccB, RAX) }, "setb al"},
		{func(e *buf) { e.setcc8(ccE, RSI) }, "setz sil"},
		{func(e *buf) { e.or8(RDI, RAX) }, "or dil, al"},
		{func(e *buf) { e.or8(R11, RCX) }, "or r11b, cl"},
		{func(e *buf) { e.aluRI(aluAdc, 4, RDI, 0) }, "adc edi, 0x0"},
		{func(e *buf) { e.aluRI(aluSbb, 8, R9, -1) }, "sbb r9, -0x1"},
	} {
		var e buf
		tc.emit(&e)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
}

// TestRotateIntoOtherRegister checks that, with BMI2, a rotation of a
// value that stays live and a shift right masked below its rotated-in
// bits ((x >> 3) & 28, x used again) are rorx into another register, with
// no copy of the operand first (the last rotation of x, where x dies, may
// rotate in place).
func TestRotateIntoOtherRegister(t *testing.T) {
	for _, body := range []string{
		`(i32.xor (i32.rotl (local.get $x) (i32.const 7)) (i32.rotr (local.get $x) (i32.const 13)))`,
		`(i32.add (i32.and (i32.shr_u (local.get $x) (i32.const 3)) (i32.const 28)) (local.get $x))`,
	} {
		m, err := binary.Decode(wattest.Assemble(t, `(module (func (param $x i32) (result i32) `+body+`))`))
		require.NoError(t, err)
		require.NoError(t, wasm.Validate(m, wasm.Features{}))
		obj, err := CompileFor(V3)(m, nil, objfile.GuardRegions)
		require.NoError(t, err)
		f := obj.Functions[len(obj.Functions)-1]
		ops := decodeCode(t, obj.Code[f.Offset:f.Offset+f.Size])
		require.Equal(t, x86asm.RORX, ops[0].Op, "%s:\n%s", body, intel(ops)) // no copy first
		require.Zero(t, count(ops, x86asm.SHR), "%s:\n%s", body, intel(ops))
	}
}

// TestAndNotIsAndn checks that an and with a complement is andn (the
// complement not computed on its own), with its encoding.
func TestAndNotIsAndn(t *testing.T) {
	var e buf
	e.vexRRR(vop{esc: 0x38, op: 0xF2}, R9, R8, RSI)
	require.Equal(t, "andn r9d, r8d, esi", disasm(t, e.b))
	ops := lastFunctionCode(t, `(module (func (param $w i32) (result i32)
		(i32.and (i32.and (i32.sub (local.get $w) (i32.const 0x01010101)) (i32.xor (local.get $w) (i32.const -1)))
			(i32.const 0x80808080))))`)
	require.Equal(t, 1, count(ops, x86asm.ANDN), intel(ops))
	require.Zero(t, count(ops, x86asm.XOR)+count(ops, x86asm.NOT), intel(ops))

	// The complement of a load (a memory operand of the xor without the
	// and-not) is the load into a register and andn.
	ops = lastFunctionCode(t, `(module (memory 1) (func (param $p i32) (param $a i64) (result i64)
		(i64.and (local.get $a) (i64.xor (i64.const -1) (i64.load offset=8 (local.get $p))))))`)
	require.Equal(t, 1, count(ops, x86asm.ANDN), intel(ops))
	require.Zero(t, count(ops, x86asm.XOR)+count(ops, x86asm.NOT), intel(ops))
}
