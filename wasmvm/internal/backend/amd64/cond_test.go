package amd64

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// compileWat compiles a module (guard regions).
func compileWat(t *testing.T, wat string) *objfile.Module {
	t.Helper()
	m, err := binary.Decode(wattest.Assemble(t, wat))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	obj, err := Compile(m, nil, objfile.GuardRegions)
	require.NoError(t, err)
	return obj
}

// lastFunctionBytes compiles a module (guard regions) and returns its last
// function's code.
func lastFunctionBytes(t *testing.T, wat string) []byte {
	t.Helper()
	obj := compileWat(t, wat)
	f := obj.Functions[len(obj.Functions)-1]
	return obj.Code[f.Offset : f.Offset+f.Size]
}

// decodeCode decodes code, which must not hold a constant pool.
func decodeCode(t *testing.T, code []byte) []x86asm.Inst {
	t.Helper()
	var ops []x86asm.Inst
	for len(code) > 0 {
		inst, err := x86asm.Decode(code, 64)
		require.NoError(t, err)
		ops = append(ops, inst)
		code = code[inst.Len:]
	}
	return ops
}

// lastFunctionsCode compiles a module (guard regions) and decodes the
// instructions of its last n functions, which must not use a constant
// pool.
func lastFunctionsCode(t *testing.T, wat string, n int) [][]x86asm.Inst {
	t.Helper()
	obj := compileWat(t, wat)
	var code [][]x86asm.Inst
	for _, f := range obj.Functions[len(obj.Functions)-n:] {
		code = append(code, decodeCode(t, obj.Code[f.Offset:f.Offset+f.Size]))
	}
	return code
}

// lastFunctionCode compiles a module (guard regions) and decodes its last
// function's instructions, which must not use a constant pool.
func lastFunctionCode(t *testing.T, wat string) []x86asm.Inst {
	t.Helper()
	return decodeCode(t, lastFunctionBytes(t, wat))
}

// intel lists instructions in Intel syntax, for failure messages.
func intel(ops []x86asm.Inst) string {
	s := ""
	for _, in := range ops {
		s += x86asm.IntelSyntax(in, 0, nil) + "\n"
	}
	return s
}

// count returns how many of ops are op.
func count(ops []x86asm.Inst, op x86asm.Op) int {
	n := 0
	for _, in := range ops {
		if in.Op == op {
			n++
		}
	}
	return n
}

// compareAsNumber uses a < b both as a number (added to the result,
// after the branch joins, where the branch does not decide its value) and
// as the condition of a branch (body "if") or select (body "select"),
// with between them the code of between.
func compareAsNumber(body, between string) string {
	use := `(if (local.get $c) (then (i32.store (i32.const 0) (local.get $x))))
    (i32.add (local.get $c) (local.get $x))`
	if body == "select" {
		use = `(i32.add (local.get $c) (select (local.get $a) (local.get $x) (local.get $c)))`
	}
	return `(module (memory 1) (func (export "f") (param $a i32) (param $b i32) (result i32) (local $c i32) (local $x i32)
    (local.set $c (i32.lt_s (local.get $a) (local.get $b)))
    (local.set $x (local.get $b))
    ` + between + `
    ` + use + `))`
}

// TestCompareAsNumberBranchesOnFlags checks that a branch and a select on
// a compare's 0 or 1, which is also used as a number, read the compare's
// flags (jl/jge, cmovl) instead of testing the setcc result, past
// instructions that leave the flags alone (moves).
func TestCompareAsNumberBranchesOnFlags(t *testing.T) {
	for _, use := range []string{"if", "select"} {
		ops := lastFunctionCode(t, compareAsNumber(use, ""))
		require.Equal(t, 1, count(ops, x86asm.SETL), "%s:\n%s", use, intel(ops))
		require.Zero(t, count(ops, x86asm.TEST), "%s: the 0 or 1 tested again:\n%s", use, intel(ops))
		if use == "if" {
			require.Equal(t, 1, count(ops, x86asm.JL)+count(ops, x86asm.JGE), "%s:\n%s", use, intel(ops))
		} else {
			require.Equal(t, 1, count(ops, x86asm.CMOVL), "%s:\n%s", use, intel(ops))
		}
	}
}

// TestCompareAsNumberFlagsClobbered checks that an instruction writing
// the flags between the compare and the branch or select (an xor used
// afterwards) makes them test the 0 or 1 again.
func TestCompareAsNumberFlagsClobbered(t *testing.T) {
	for _, use := range []string{"if", "select"} {
		ops := lastFunctionCode(t, compareAsNumber(use, `(local.set $x (i32.xor (local.get $a) (local.get $b)))`))
		require.Equal(t, 1, count(ops, x86asm.TEST), "%s: the 0 or 1 not tested:\n%s", use, intel(ops))
		require.Zero(t, count(ops, x86asm.CMOVL)+count(ops, x86asm.JL)+count(ops, x86asm.JGE), "%s:\n%s", use, intel(ops))
	}
}

// TestExtendOfIntegerIsFree checks that i64.extend_i32_u of an i32 value
// (here a compare's 0 or 1, movzx'd) emits no zero extension of its own,
// while that of a wrapped i64 value still truncates (a 32-bit mov).
func TestExtendOfIntegerIsFree(t *testing.T) {
	ops := lastFunctionCode(t, `(module (memory 1)
  (func (export "f") (param $a i64) (param $b i64) (param $p i32)
    (i64.store (local.get $p) (i64.extend_i32_u (i64.lt_u (local.get $a) (local.get $b))))))`)
	require.Equal(t, 1, count(ops, x86asm.SETB), intel(ops))
	for _, in := range ops {
		if in.Op == x86asm.MOV && in.Args[0] == in.Args[1] {
			t.Fatalf("a zero extension of a zero-extended register:\n%s", intel(ops))
		}
	}
	ops = lastFunctionCode(t, `(module (func (export "f") (param $a i64) (result i64)
    (i64.extend_i32_u (i32.wrap_i64 (local.get $a)))))`)
	moves32 := 0
	for _, in := range ops {
		if r, ok := in.Args[0].(x86asm.Reg); ok && in.Op == x86asm.MOV && r >= x86asm.EAX && r <= x86asm.R15L {
			moves32++
		}
	}
	require.Equal(t, 1, moves32, "the wrapped value is not truncated once:\n%s", intel(ops))
}

// TestFloatCompareAsNumberAndTwoSelects checks that a float compare's 0
// or 1 used as a number and by a branch branches on ucomisd's flags, and
// that two selects on one compare both read its flags (the first cmov
// leaves them alone).
func TestFloatCompareAsNumberAndTwoSelects(t *testing.T) {
	ops := lastFunctionCode(t, `(module (memory 1) (func (export "f") (param $a f64) (param $b f64) (result i32) (local $c i32)
    (local.set $c (f64.gt (local.get $a) (local.get $b)))
    (if (local.get $c) (then (f64.store (i32.const 0) (local.get $a))))
    (i32.add (local.get $c) (i32.const 3))))`)
	require.Equal(t, 1, count(ops, x86asm.SETA), intel(ops))
	require.Zero(t, count(ops, x86asm.TEST), "the 0 or 1 tested again:\n%s", intel(ops))
	ops = lastFunctionCode(t, `(module (func (export "f") (param $a i32) (param $b i32) (param $x i32) (param $y i32) (result i32) (local $c i32)
    (local.set $c (i32.lt_u (local.get $a) (local.get $b)))
    (i32.add (i32.add (select (local.get $a) (local.get $b) (local.get $c)) (select (local.get $x) (local.get $y) (local.get $c)))
      (local.get $c))))`)
	require.Zero(t, count(ops, x86asm.TEST), "the 0 or 1 tested again:\n%s", intel(ops))
	require.Equal(t, 2, count(ops, x86asm.CMOVB), intel(ops))
}

// TestSelectOnAluResultTestsNothing checks that a select on the result of
// an and, also used as a number, uses the flags the and set, past the
// constants moved into registers in between.
func TestSelectOnAluResultTestsNothing(t *testing.T) {
	ops := lastFunctionCode(t, `(module (func (export "f") (param $a i32) (param $b i32) (result i32) (local $c i32)
    (local.set $c (i32.and (local.get $a) (i32.const 1)))
    (i32.add (select (i32.const 1026) (i32.const 1024) (local.get $c)) (local.get $c))))`)
	require.Zero(t, count(ops, x86asm.TEST), "the and's result tested:\n%s", intel(ops))
	require.Equal(t, 1, count(ops, x86asm.CMOVNE), intel(ops))
}

// TestNegatedCompare checks that each function of
// wattest.NegatedCompareModule sets one comparison as a number: the
// negation is its 0 or 1 xor 1 (steps_s's select still compares for
// itself, the flags being gone by then).
func TestNegatedCompare(t *testing.T) {
	for i, ops := range lastFunctionsCode(t, wattest.NegatedCompareModule, 3) {
		sets := 0
		for _, in := range ops {
			if strings.HasPrefix(in.Op.String(), "SET") {
				sets++
			}
		}
		require.Equal(t, 1, sets, "function %d:\n%s", i, intel(ops))
		require.Equal(t, 1, count(ops, x86asm.XOR), "function %d:\n%s", i, intel(ops))
	}
}

// TestFloatBranch checks that the order functions of wattest.FloatBranchModule
// branches on the flags of its ucomis: no setcc makes the comparison a
// number first.
func TestFloatBranch(t *testing.T) {
	for i, ops := range lastFunctionsCode(t, wattest.FloatBranchModule, 8) {
		for _, in := range ops {
			require.False(t, strings.HasPrefix(in.Op.String(), "SET"), "function %d:\n%s", i, intel(ops))
		}
		require.Positive(t, count(ops, x86asm.UCOMISD)+count(ops, x86asm.UCOMISS), "function %d:\n%s", i, intel(ops))
	}
}
