package amd64

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// countModule is
//
//	(func $count (param $n i32) (result i32) (local $i i32)
//	  (block $done (result i32)
//	    (loop $next
//	      (br_if $done (local.get $i) (i32.ge_u (local.get $i) (local.get $n)))
//	      drop
//	      (local.set $i (i32.add (local.get $i) (i32.const 1)))
//	      (br $next))
//	    (unreachable)))
var countModule = []byte("\x00asm\x01\x00\x00\x00\x01\x06\x01\x60\x01\x7f\x01\x7f\x03\x02\x01\x00\x0a\x20\x01\x1e\x01\x01\x7f" +
	"\x02\x7f\x03\x40\x20\x01\x20\x01\x20\x00\x4f\x0d\x01\x1a\x20\x01\x41\x01\x6a\x21\x01\x0c\x00\x0b\x00\x0b\x0b")

func TestLowerAndAllocateLoop(t *testing.T) {
	m, err := binary.Decode(countModule)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	f, err := frontend.Translate(m, 0)
	require.NoError(t, err)
	l, err := mach.Lower(f, target)
	require.NoError(t, err)
	a, err := mach.Allocate(l, registerInfo)
	require.NoError(t, err)
	// The counter starts as the constant 0, set on the entry edge into
	// the counter's register (no register holds it before the branch);
	// the bound moves to RDI there. The loop moves nothing, and the
	// counter, in RSI, is already where the result goes.
	require.Equal(t, `L0:
    params
    rsi = copy rsi
    jump L1(rdi<-rsi rsi<-#0)
L1:
    brcmp.uge32 rsi, rdi, L3(rsi<-rsi), L2()
L2:
    rsi = alu.iadd32 rsi, $1
    jump L1(rsi<-rsi rdi<-rdi)
L3:
    jump L4(rsi<-rsi)
L4:
    rsi = copy rsi
    ret
`, a.Format(RegName))
}

// TestLoopLayout checks that a loop's body is contiguous: the block that
// jumps back to the header follows the block whose branch leads to it,
// and the exit (the return) comes after both.
func TestLoopLayout(t *testing.T) {
	b, err := os.ReadFile("testdata/layout.wasm")
	require.NoError(t, err)
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	f, err := frontend.Translate(m, 0)
	require.NoError(t, err)
	l, err := mach.Lower(f, target)
	require.NoError(t, err)
	headers := l.LoopHeaders()
	latch, ret, branch := -1, -1, -1
	for i, blk := range l.Blocks {
		last := blk.Instrs[len(blk.Instrs)-1]
		switch last.Op {
		case mach.OpRet:
			ret = i
		case mach.OpJump:
			if headers[last.Edges[0].Target] {
				latch = i
			}
		case mach.OpBrCmp, mach.OpBrif:
			branch = i
		}
	}
	require.NotEqual(t, -1, latch, "no block jumps back to the header")
	require.Equal(t, branch+1, latch, "the latch follows the loop's branch")
	require.Greater(t, ret, latch, "the exit comes after the loop")
}
