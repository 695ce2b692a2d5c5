package mach

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// divisionsModule's $f divides by constants (each division several
// machine instructions: more than the room reserveInstrs counts for its
// block) before a branch, so that its entry block takes room from the
// blocks after it and those need a new array.
const divisionsModule = `(module
  (func $f (param i32 i32) (result i32)
    (local.set 0 (i32.add (i32.div_u (local.get 0) (i32.const 7)) (i32.div_u (local.get 0) (i32.const 13))))
    (local.set 0 (i32.add (i32.div_u (local.get 0) (i32.const 19)) (i32.div_u (local.get 0) (i32.const 23))))
    (local.set 0 (i32.add (i32.div_s (local.get 0) (i32.const 29)) (i32.div_s (local.get 0) (i32.const 31))))
    (local.set 0 (i32.add (i32.rem_u (local.get 0) (i32.const 37)) (i32.rem_s (local.get 0) (i32.const 41))))
    (if (result i32) (local.get 1)
      (then (i32.div_u (local.get 0) (i32.const 43)))
      (else (i32.rem_u (local.get 0) (i32.const 47))))))`

// TestLowerBlocksShareArray checks that the blocks' instruction lists,
// lowered one after the other into the rest of one array, end at their
// last instruction and do not overlap, also where a block outgrows the
// room counted for it; and that lowering again (into an array reused with
// stale contents) gives the same instructions.
func TestLowerBlocksShareArray(t *testing.T) {
	f := translate(t, divisionsModule, 0)
	l, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	require.Nil(t, l.spare, "Lower drops the rest of the array")
	counted, lowered := 0, 0
	type extent struct{ from, to uintptr }
	var extents []extent
	for i := range l.Blocks {
		b := &l.Blocks[i]
		counted += len(f.Block(b.SSAID).Instrs) + 2
		lowered += len(b.Instrs)
		require.Equal(t, len(b.Instrs), cap(b.Instrs), "block %d ends at its last instruction", i)
		if len(b.Instrs) > 0 {
			from := uintptr(unsafe.Pointer(&b.Instrs[0]))
			extents = append(extents, extent{from, from + uintptr(len(b.Instrs))*unsafe.Sizeof(Instr{})})
		}
	}
	require.Greater(t, lowered, counted, "the test needs more instructions than reserveInstrs counts")
	for i, x := range extents {
		for _, y := range extents[i+1:] {
			require.True(t, x.to <= y.from || y.to <= x.from, "two blocks' lists overlap")
		}
	}
	want := make([][]Instr, len(l.Blocks))
	for i := range l.Blocks {
		want[i] = append([]Instr(nil), l.Blocks[i].Instrs...)
	}
	(&Allocation{Func: l}).Release()
	again, err := Lower(f, paramTestTarget)
	require.NoError(t, err)
	require.Len(t, again.Blocks, len(want))
	for i := range again.Blocks {
		require.Equal(t, want[i], again.Blocks[i].Instrs, "block %d", i)
	}
}
