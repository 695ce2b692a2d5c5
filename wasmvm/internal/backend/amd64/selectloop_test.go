package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestSelectLoopBackEdgeMovesNothing checks wattest.CollatzModule's loop:
// 3n+1 is one lea, the select's result takes the register of n, which
// the loop's header expects (the select reads n in its test before it
// writes), so the loop ends in one conditional jump back, with no move
// and no unconditional jump on its back edge, in 9 instructions as clang
// makes it in 8 (its test comes before the lea, which then writes n's
// register).
func TestSelectLoopBackEdgeMovesNothing(t *testing.T) {
	ops := lastFunctionCode(t, wattest.CollatzModule)
	pc, head, back := 0, -1, -1
	for i, in := range ops {
		pc += in.Len
		rel, ok := in.Args[0].(x86asm.Rel)
		if !ok || rel >= 0 {
			continue
		}
		require.NotEqual(t, x86asm.JMP, in.Op, "an unconditional jump back:\n%s", intel(ops))
		back = i
		for at, j := pc+int(rel), 0; j <= i; j++ {
			if at == 0 {
				head = j
			}
			at -= ops[j].Len
		}
	}
	require.GreaterOrEqual(t, head, 0, "no loop:\n%s", intel(ops))
	loop := ops[head : back+1]
	require.Equal(t, 1, count(loop, x86asm.LEA), intel(loop))
	require.Equal(t, 1, count(loop, x86asm.CMOVE)+count(loop, x86asm.CMOVNE), intel(loop))
	require.LessOrEqual(t, len(loop), 9, intel(loop))
}
