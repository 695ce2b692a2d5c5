package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSmallFrameChecksEntryPointer checks that a recursive function
// with a small frame compares the stack pointer itself with the limit
// (mach.EntryCheckedFrame), with no lea of the pointer below its frame.
func TestSmallFrameChecksEntryPointer(t *testing.T) {
	ops := lastFunctionCode(t, `(module (func $fib (export "f") (param $n i32) (result i32)
  (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
    (then (local.get $n))
    (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
      (call $fib (i32.sub (local.get $n) (i32.const 2))))))))`)
	checks := 0
	for _, in := range ops {
		if in.Op == x86asm.CALL {
			break // the trap stub after the code computes the pointer for the trace
		}
		m, _ := in.Args[1].(x86asm.Mem)
		if in.Op == x86asm.CMP && m.Base == x86asm.R15 {
			require.Equal(t, x86asm.RSP, in.Args[0], "the pointer below the frame compared:\n%s", intel(ops))
			checks++
		}
		require.False(t, in.Op == x86asm.LEA && m.Base == x86asm.RSP, "the pointer below the frame computed:\n%s", intel(ops))
	}
	require.Equal(t, 1, checks, intel(ops))
}

// TestBaseCaseReturnsAtOnce checks wattest.FibModule's base case: its
// copy of the shared exit returns n, already in the result register, so
// the branch of n < 2 leads straight to a ret (duplicateReturns).
func TestBaseCaseReturnsAtOnce(t *testing.T) {
	ops := lastFunctionCode(t, wattest.FibModule)
	at := map[int]x86asm.Inst{}
	pc, target := 0, -1
	for _, in := range ops {
		at[pc] = in
		pc += in.Len
		if rel, ok := in.Args[0].(x86asm.Rel); ok && target < 0 && in.Op != x86asm.JMP && in.Op != x86asm.CALL {
			target = pc + int(rel)
		}
	}
	require.Equal(t, x86asm.RET, at[target].Op, "the base case's branch leads to %s:\n%s", at[target], intel(ops))
}
