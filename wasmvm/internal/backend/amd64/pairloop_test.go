package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// matchExtension is an LZ77 match extension as clang writes it: while
// a[i] == b[i], i++ up to the limit n.
const matchExtension = `(module (memory 1)
  (func (export "extend") (param $a i32) (param $b i32) (param $n i32) (result i32) (local $i i32)
    (block $out
      (loop $l
        (br_if $out (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                            (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
    (local.get $i)))`

// TestPairLoopCode checks the vector loop of a match extension: the two
// 16-byte streams are compared with pcmpeqb and its bitmask's bits
// flipped by xor (no vector negation), and the branch on the flipped
// bits uses the flags of the xor, past the lea that advances the index,
// with no test of its own.
func TestPairLoopCode(t *testing.T) {
	ops := lastFunctionCode(t, matchExtension)
	mask := -1
	for i, in := range ops {
		if in.Op == x86asm.PMOVMSKB {
			require.Equal(t, -1, mask, "one vector loop")
			mask = i
		}
		require.NotEqual(t, x86asm.PXOR, in.Op, "a vector negation")
	}
	require.NotEqual(t, -1, mask, "no vector loop")
	require.Equal(t, x86asm.PCMPEQB, ops[mask-1].Op)
	flip := ops[mask+1]
	require.Equal(t, x86asm.XOR, flip.Op)
	require.Equal(t, x86asm.Imm(0xffff), flip.Args[1])
	for _, in := range ops[mask+2:] {
		if in.Op >= x86asm.JA && in.Op <= x86asm.JS && in.Op != x86asm.JMP {
			break // the branch on the hit lanes
		}
		require.NotEqual(t, x86asm.TEST, in.Op, "the xor set the flags already: %v", in)
		require.Equal(t, x86asm.LEA, in.Op, "only the index's advance before the branch: %v", in)
	}
}
