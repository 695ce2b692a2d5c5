package amd64

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// floatsLive is a function whose loop keeps k doubles live, each halved
// with the next one added in every iteration ((v[i] + v[i+1]) * 0.5,
// one constant), and returns their sum.
func floatsLive(k int) string {
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n  (func (param $n i32) (param $p i32) (result f64) (local $h f64)")
	for v := range k {
		fmt.Fprintf(&sb, " (local $v%d f64)", v)
	}
	sb.WriteString("\n")
	for v := range k {
		fmt.Fprintf(&sb, "    (local.set $v%d (f64.load offset=%d (local.get $p)))\n", v, 8*v)
	}
	sb.WriteString("    (loop $L\n")
	for v := range k {
		fmt.Fprintf(&sb, "      (local.set $v%d (f64.mul (f64.add (local.get $v%d) (local.get $v%d)) (f64.const 0.5)))\n", v, v, (v+1)%k)
	}
	sb.WriteString("      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n")
	for v := range k {
		fmt.Fprintf(&sb, "    (local.set $h (f64.add (local.get $h) (local.get $v%d)))\n", v)
	}
	sb.WriteString("    (local.get $h)))\n")
	return sb.String()
}

// TestLoopConstantInRegister checks that a loop with registers to spare
// keeps its constant in one, loaded once, and that a loop that needs
// every float register reads it from memory at each use rather than
// spilling one of its values for it (the second allocation of
// withLoopConstantsChecked).
func TestLoopConstantInRegister(t *testing.T) {
	for _, tc := range []struct {
		live       int
		inRegister bool
	}{{4, true}, {13, false}} {
		ops := lastFunctionCode(t, floatsLive(tc.live))
		// The loop: from the target of the backward branch to it.
		start, end, pc := -1, -1, 0
		starts := map[int]int{} // offset -> index
		for i, in := range ops {
			starts[pc] = i
			pc += in.Len
			if rel, ok := in.Args[0].(x86asm.Rel); ok && (in.Op == x86asm.JNE || in.Op == x86asm.JMP) && rel < 0 {
				start, end = starts[pc+int(rel)], i
				break
			}
		}
		require.Positive(t, end, "no loop\n%s", intel(ops))
		constLoads, constOperands := 0, 0 // before the loop, in it
		for i, in := range ops[:end] {
			for _, a := range in.Args {
				m, ok := a.(x86asm.Mem)
				if !ok {
					continue
				}
				switch {
				case m.Base == x86asm.RIP && i < start:
					constLoads++
				case m.Base == x86asm.RIP:
					constOperands++
				case m.Base == x86asm.RSP:
					require.NotContains(t, []x86asm.Op{x86asm.MOVSD_XMM, x86asm.MOVQ, x86asm.MOVUPS, x86asm.MOVAPS}, in.Op,
						"%d live: a double spilled: %v\n%s", tc.live, in, intel(ops))
				}
			}
		}
		if tc.inRegister {
			require.Equal(t, 1, constLoads, "%d live: the constant is loaded once\n%s", tc.live, intel(ops))
			require.Zero(t, constOperands, "%d live\n%s", tc.live, intel(ops))
		} else {
			require.Zero(t, constLoads, "%d live\n%s", tc.live, intel(ops))
			require.Equal(t, tc.live, constOperands, "%d live: each multiplication reads the constant\n%s", tc.live, intel(ops))
		}
	}
}
