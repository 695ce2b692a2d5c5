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
