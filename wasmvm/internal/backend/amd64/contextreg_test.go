package amd64

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// liveLoop is a function whose loop keeps words+1 integer values live:
// words words of state, each updated from itself and the next, and the
// counter. The state is read after the loop; before it, a global is read
// (the instance context) and, when call is set, a function is called.
func liveLoop(words int, call bool) string {
	var sb strings.Builder
	sb.WriteString("(module\n  (global $g (mut i32) (i32.const 5))\n  (memory 1)\n")
	sb.WriteString("  (func $f (param $n i32) (param $a i32) (result i32)\n    (local $h i32)")
	for v := range words {
		fmt.Fprintf(&sb, " (local $v%d i32)", v)
	}
	sb.WriteString("\n")
	if call {
		sb.WriteString("    (local.set $a (call $f (local.get $a) (i32.const 0)))\n")
	}
	sb.WriteString("    (local.set $a (i32.add (local.get $a) (global.get $g)))\n")
	for v := range words {
		fmt.Fprintf(&sb, "    (local.set $v%d (i32.rotl (local.get $a) (i32.const %d)))\n", v, v+1)
	}
	sb.WriteString("    (loop $L\n")
	for v := range words {
		op := "i32.add"
		if v%2 == 1 {
			op = "i32.xor"
		}
		fmt.Fprintf(&sb, "      (local.set $v%d (%s (local.get $v%d) (local.get $v%d)))\n", v, op, v, (v+1)%words)
	}
	sb.WriteString("      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n")
	for v := range words {
		fmt.Fprintf(&sb, "    (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 5)) (local.get $v%d)))\n", v)
	}
	sb.WriteString("    (global.set $g (local.get $h))\n    (i32.add (local.get $h) (memory.size))))\n")
	return sb.String()
}

// TestContextRegistersHoldValues checks that a guard-mode function whose
// loop keeps eleven or twelve integer values live allocates R14 and R15
// and spills none of them: its only stack accesses save and restore
// registers, R14 and R15 among them, and load the contexts from their
// slots (the instance context for the global and the memory's size, both
// for the call); and values live in R14 and, with twelve, R15 inside the
// loop.
func TestContextRegistersHoldValues(t *testing.T) {
	saved := []x86asm.Arg{x86asm.RBX, x86asm.RBP, x86asm.R12, x86asm.R14, x86asm.R15}
	for _, words := range []int{10, 11} {
		for _, call := range []bool{false, true} {
			ops := lastFunctionCode(t, liveLoop(words, call))
			where := fmt.Sprintf("%d words, call %v", words, call)
			slots := map[x86asm.Reg]x86asm.Mem{}
			computes := map[x86asm.Reg]int{}
			for _, in := range ops {
				if m, ok := in.Args[0].(x86asm.Mem); ok && m.Base == x86asm.RSP {
					require.Contains(t, saved, in.Args[1], "%s: a value spilled: %v\n%s", where, in, intel(ops))
					slots[in.Args[1].(x86asm.Reg)] = m
					continue
				}
				if m, ok := in.Args[1].(x86asm.Mem); ok && m.Base == x86asm.RSP && in.Op != x86asm.LEA {
					require.Equal(t, x86asm.MOV, in.Op, "%s: %v\n%s", where, in, intel(ops))
					r, _ := in.Args[0].(x86asm.Reg)
					own, isSaved := slots[r]
					ok := isSaved && m == own || r != x86asm.R14 && r != x86asm.R15 && slices.Contains(saved, in.Args[0]) ||
						m == slots[x86asm.R14] // the instance context into a scratch register
					require.True(t, ok, "%s: a value spilled: %v\n%s", where, in, intel(ops))
					continue
				}
				if r, ok := in.Args[0].(x86asm.Reg); ok && (in.Op == x86asm.ADD || in.Op == x86asm.XOR) {
					computes[r]++
				}
			}
			require.Contains(t, slots, x86asm.R14, "%s: R14 not saved\n%s", where, intel(ops))
			require.Contains(t, slots, x86asm.R15, "%s: R15 not saved\n%s", where, intel(ops))
			require.Positive(t, computes[x86asm.R14L], "%s: no value in R14\n%s", where, intel(ops))
			if words == 11 {
				require.Positive(t, computes[x86asm.R15L], "%s: no value in R15\n%s", where, intel(ops))
			}
		}
	}
}
