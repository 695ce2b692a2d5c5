package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestColdCallAfterLoop checks the code of a string search's skip loop:
// the rare refill path, which calls, comes after the loop's jumps back to
// its header, so that the header's test jumps forward to it and falls
// through into the hot test; and the miss path falls through into its own
// jump back (the shared latch copied), so that it takes one jump only.
func TestColdCallAfterLoop(t *testing.T) {
	ops := lastFunctionCode(t, wattest.SkipLoopModule)
	call, firstBack, test := -1, -1, -1
	for i, in := range ops {
		if in.Op == x86asm.CALL {
			call = i
		}
		if in.Op == x86asm.TEST && test < 0 && firstBack < 0 {
			test = i
		}
		if rel, ok := in.Args[0].(x86asm.Rel); ok && in.Op != x86asm.CALL && rel < 0 && firstBack < 0 {
			firstBack = i
		}
	}
	require.GreaterOrEqual(t, call, 0, intel(ops))
	require.GreaterOrEqual(t, firstBack, 0, intel(ops))
	require.Greater(t, call, firstBack, "the call comes after the loop's hot path:\n%s", intel(ops))
	// The hot path from the byte test to the first jump back: a
	// conditional jump out (the hit path), then straight-line code and
	// the jump, nothing taken in between.
	require.GreaterOrEqual(t, test, 0, intel(ops))
	jumps := 0
	for _, in := range ops[test+1 : firstBack] {
		if _, ok := in.Args[0].(x86asm.Rel); ok {
			jumps++
		}
	}
	require.Equal(t, 1, jumps, "one conditional jump between the byte test and the miss path's jump back:\n%s", intel(ops))
	require.Equal(t, x86asm.JMP, ops[firstBack].Op, intel(ops))
}

// TestColdLoopAfterLatch checks the code of an LZ match finder's scan
// loop (wattest.MatchLoopModule): the match path, with its own loop and
// a call, comes after the scan loop's conditional jump back, so that
// the three miss branches jump forward into the latch (or fall through)
// and the hot path does not run past the match path's code.
func TestColdLoopAfterLatch(t *testing.T) {
	ops := lastFunctionCode(t, wattest.MatchLoopModule)
	hash, back, call := -1, -1, -1
	for i, in := range ops {
		if in.Op == x86asm.IMUL && hash < 0 {
			if imm, ok := in.Args[2].(x86asm.Imm); ok && uint32(imm) == 2654435761 {
				hash = i
			}
		}
		if rel, ok := in.Args[0].(x86asm.Rel); ok && hash >= 0 && back < 0 && rel < 0 && in.Op != x86asm.JMP && in.Op != x86asm.CALL {
			back = i
		}
		if in.Op == x86asm.CALL && call < 0 && hash >= 0 {
			call = i
		}
	}
	require.GreaterOrEqual(t, hash, 0, intel(ops))
	require.GreaterOrEqual(t, call, 0, intel(ops))
	require.GreaterOrEqual(t, back, 0, intel(ops))
	require.Less(t, back, call, "the scan loop's jump back comes before the match path's call:\n%s", intel(ops))
	for _, in := range ops[hash:back] {
		if rel, ok := in.Args[0].(x86asm.Rel); ok {
			require.Greater(t, int32(rel), int32(0), "the hot path only branches forward before its jump back:\n%s", intel(ops))
		}
	}
}
