package amd64

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// elevenLive is a function whose loop keeps eleven integer values live:
// ten words of state, each updated from itself and the next, and the
// counter. The state is read after the loop; before it, a global is read
// (the instance context) and, when call is set, a function is called.
func elevenLive(call bool) string {
	var sb strings.Builder
	sb.WriteString("(module\n  (global $g (mut i32) (i32.const 5))\n  (memory 1)\n")
	sb.WriteString("  (func $f (param $n i32) (param $a i32) (result i32)\n    (local $h i32)")
	for v := range 10 {
		fmt.Fprintf(&sb, " (local $v%d i32)", v)
	}
	sb.WriteString("\n")
	if call {
		sb.WriteString("    (local.set $a (call $f (local.get $a) (i32.const 0)))\n")
	}
	sb.WriteString("    (local.set $a (i32.add (local.get $a) (global.get $g)))\n")
	for v := range 10 {
		fmt.Fprintf(&sb, "    (local.set $v%d (i32.rotl (local.get $a) (i32.const %d)))\n", v, v+1)
	}
	sb.WriteString("    (loop $L\n")
	for v := range 10 {
		op := "i32.add"
		if v%2 == 1 {
			op = "i32.xor"
		}
		fmt.Fprintf(&sb, "      (local.set $v%d (%s (local.get $v%d) (local.get $v%d)))\n", v, op, v, (v+1)%10)
	}
	sb.WriteString("      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n")
	for v := range 10 {
		fmt.Fprintf(&sb, "    (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 5)) (local.get $v%d)))\n", v)
	}
	sb.WriteString("    (global.set $g (local.get $h))\n    (i32.add (local.get $h) (memory.size))))\n")
	return sb.String()
}

// TestContextRegisterHoldsAValue checks that a guard-mode function whose
// loop keeps eleven integer values live allocates R14 and spills none of
// them: its only stack accesses save and restore registers, R14 among
// them, and load the context from R14's slot (for the global and the
// memory's size, and for the call); and a value lives in R14 inside the
// loop.
func TestContextRegisterHoldsAValue(t *testing.T) {
	saved := []x86asm.Arg{x86asm.RBX, x86asm.RBP, x86asm.R12, x86asm.R14}
	for _, call := range []bool{false, true} {
		ops := lastFunctionCode(t, elevenLive(call))
		var self *x86asm.Mem
		r14Computes := 0
		for _, in := range ops {
			if m, ok := in.Args[0].(x86asm.Mem); ok && m.Base == x86asm.RSP {
				require.Contains(t, saved, in.Args[1], "call %v: a value spilled: %v\n%s", call, in, intel(ops))
				if in.Args[1] == x86asm.R14 {
					self = &m
				}
				continue
			}
			if m, ok := in.Args[1].(x86asm.Mem); ok && m.Base == x86asm.RSP && in.Op != x86asm.LEA {
				require.Equal(t, x86asm.MOV, in.Op, "call %v: %v\n%s", call, in, intel(ops))
				ok := self != nil && m == *self || in.Args[0] != x86asm.R14 && slices.Contains(saved, in.Args[0])
				require.True(t, ok, "call %v: a value spilled: %v\n%s", call, in, intel(ops))
				continue
			}
			if (in.Op == x86asm.ADD || in.Op == x86asm.XOR) && in.Args[0] == x86asm.R14L {
				r14Computes++
			}
		}
		require.NotNil(t, self, "call %v: R14 not saved\n%s", call, intel(ops))
		require.Positive(t, r14Computes, "call %v: no value in R14\n%s", call, intel(ops))
	}
}
