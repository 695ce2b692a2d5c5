package mach

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// TestShrinkWrap checks where ShrinkWrap sets up the frame: after the
// early return of a recursion, before (not in) the loop that calls, and
// on entry when a path with the call joins one without it before more
// work than a return; and that the parameters the region reads are
// copied at its start.
func TestShrinkWrap(t *testing.T) {
	const src = `(module
  (memory 1)
  (func $sum (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (local.get 0) (call $sum (i32.sub (local.get 0) (i32.const 1)))))))
  (func $loop (param i32) (result i32) (local i32)
    (if (i32.eqz (local.get 0)) (then (return (i32.const 7))))
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $sum (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func $join (param i32)
    (if (local.get 0) (then (drop (call $sum (local.get 0)))))
    (i32.store (i32.const 0) (local.get 0))))`
	m, err := binary.Decode(wattest.Assemble(t, src))
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	lower := func(idx uint32) *Func {
		f, err := frontend.Translate(m, idx)
		require.NoError(t, err)
		require.NoError(t, opt.Optimize(f))
		l, err := Lower(f, paramTestTarget)
		require.NoError(t, err)
		l.ShrinkWrap(false)
		return l
	}

	sum := lower(0)
	require.Positive(t, sum.FrameBlock, "sum's base case runs without the frame")
	head := sum.Blocks[sum.FrameBlock].Instrs[0]
	require.Equal(t, OpCopy, head.Op, "the parameter is copied where the frame starts")

	loop := lower(1)
	require.Positive(t, loop.FrameBlock)
	region := dominatedBy(dominators(loop.Blocks), loop.FrameBlock)
	headers := loop.LoopHeaders()
	require.False(t, headers[loop.FrameBlock], "the frame is not set up in the loop")
	for b, h := range headers {
		if h {
			require.True(t, region[b], "the loop is in the frame's region")
		}
	}

	require.Zero(t, lower(2).FrameBlock, "the paths join before a store: the frame is made on entry")
}
