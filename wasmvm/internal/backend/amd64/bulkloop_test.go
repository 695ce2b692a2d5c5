package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// byteCopyLoop is memmove's forward byte loop: *d++ = *s++ while --n.
const byteCopyLoop = `(module (memory 1)
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (loop $l
      (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`

// TestBulkLoopCode checks that a byte copy loop becomes an inline
// memory.copy (opt's copy loops) whose ranges are not checked again
// against the memory's length: between the pushes that start the copy
// and its rep movsb, nothing reads the instance's memory length.
func TestBulkLoopCode(t *testing.T) {
	ops := lastFunctionCode(t, byteCopyLoop)
	start, rep := -1, -1
	for i, inst := range ops {
		if inst.Op == x86asm.PUSH && inst.Args[0] == x86asm.RSI && start < 0 {
			start = i
		}
		if inst.Op == x86asm.MOVSB && inst.Prefix[0] == x86asm.PrefixREP {
			rep = i
		}
	}
	require.True(t, start >= 0 && rep > start, "no inline memory.copy")
	for _, in := range ops[start:rep] {
		for _, a := range in.Args {
			if mem, ok := a.(x86asm.Mem); ok {
				require.NotEqual(t, x86asm.Reg(x86asm.R14), mem.Base, "a bounds check in the copy: %v", in)
			}
		}
	}
}

// byteCopyDownLoop is memmove's backward byte loop: d[n] = s[n] while n--,
// whose copy is right backwards where the destination lies above the
// source.
const byteCopyDownLoop = `(module (memory 1)
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (i32.store8 (i32.add (local.get $d) (local.get $n)) (i32.load8_u (i32.add (local.get $s) (local.get $n))))
      (br_if $l (local.get $n)))))`

// TestBulkLoopDirection checks that the memory.copy of a forward copy
// loop, whose checks show the destination at or below the source or apart
// from it, has no test of the direction (mov rax, rdi; sub rax, rsi) and
// no backward copy, while a backward loop's keeps them; and that an
// in-bounds copy indexes the memory with its operands' registers, without
// moving them to RAX and RDX first.
func TestBulkLoopDirection(t *testing.T) {
	directionTests := func(ops []x86asm.Inst) int {
		n := 0
		for i, in := range ops[1:] {
			prev := ops[i]
			if in.Op == x86asm.SUB && in.Args[0] == x86asm.RAX && in.Args[1] == x86asm.RSI &&
				prev.Op == x86asm.MOV && prev.Args[0] == x86asm.RAX && prev.Args[1] == x86asm.RDI {
				n++
			}
		}
		return n
	}
	forward := lastFunctionCode(t, byteCopyLoop)
	require.Zero(t, directionTests(forward), "a forward copy loop's memory.copy tests the direction")
	require.Equal(t, 1, directionTests(lastFunctionCode(t, byteCopyDownLoop)), "a backward copy loop's memory.copy must test the direction")
	for _, in := range forward {
		if in.Op == x86asm.LEA && (in.Args[0] == x86asm.RDI || in.Args[0] == x86asm.RSI) {
			if mem, ok := in.Args[1].(x86asm.Mem); ok && mem.Base == x86asm.R13 {
				require.NotContains(t, []x86asm.Reg{x86asm.RAX, x86asm.RDX}, mem.Index, "in-bounds copy operands moved first: %v", in)
			}
		}
	}
}
