package native

import (
	"errors"
	"fmt"
	"math/bits"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// shrinkWrapSource has recursive functions with early exits, whose
// frames the amd64 backend sets up only on the paths that call
// (mach.Func.ShrinkWrap), and traps before and after the frame exists.
const shrinkWrapSource = `(module
  (memory 1)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $ack (export "ack") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.add (local.get 1) (i32.const 1)))
      (else (if (result i32) (i32.eqz (local.get 1))
        (then (call $ack (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))
        (else (call $ack (i32.sub (local.get 0) (i32.const 1))
                         (call $ack (local.get 0) (i32.sub (local.get 1) (i32.const 1)))))))))
  ;; fib as clang writes it: a loop over the first call, the sum after
  ;; it on both paths (a return path that computes)
  (func $fibacc (export "fibacc") (param i32) (result i32) (local i32)
    (if (i32.ge_u (local.get 0) (i32.const 2))
      (then (loop $l
        (local.set 1 (i32.add (call $fibacc (i32.sub (local.get 0) (i32.const 1))) (local.get 1)))
        (br_if $l (i32.gt_u (local.tee 0 (i32.sub (local.get 0) (i32.const 2))) (i32.const 1))))))
    (i32.add (local.get 0) (local.get 1)))
  ;; n levels down, then 100/d before any frame: d = 0 traps there
  (func $down (export "down") (param i32 i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1)) (local.get 1)) (i32.const 1)))
      (else (i32.div_u (i32.const 100) (local.get 1)))))
  ;; n levels down, dividing by d after each call, in the frame
  (func $up (export "up") (param i32 i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.div_u (call $up (i32.sub (local.get 0) (i32.const 1)) (local.get 1)) (local.get 1)))
      (else (i32.const 1000000))))
  ;; n levels down, then a load from addr (past the memory: a trap)
  (func $load (export "load") (param i32 i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $load (i32.sub (local.get 0) (i32.const 1)) (local.get 1)) (i32.const 1)))
      (else (i32.load (local.get 1)))))
  ;; a sum over n levels with many values live across the calls
  (func $wide (export "wide") (param i64 i64 i64 i64) (result i64)
    (local i64 i64)
    (if (i64.eqz (local.get 0)) (then (return (i64.xor (local.get 1) (local.get 3)))))
    (local.set 4 (i64.mul (local.get 1) (local.get 2)))
    (local.set 5 (i64.add (local.get 2) (local.get 3)))
    (i64.add
      (i64.add (call $wide (i64.sub (local.get 0) (i64.const 1)) (local.get 4) (local.get 5) (local.get 1))
               (i64.mul (local.get 4) (local.get 5)))
      (i64.add (i64.rotl (local.get 1) (local.get 2)) (i64.sub (local.get 3) (local.get 0))))))`

// wide is the Go model of the module's $wide.
func wide(a, b, c, d uint64) uint64 {
	if a == 0 {
		return b ^ d
	}
	x, y := b*c, c+d
	return wide(a-1, x, y, b) + x*y + bits.RotateLeft64(b, int(c%64)) + (d - a)
}

// TestShrinkWrappedRecursion runs recursions whose base cases return
// before the frame is set up, in both memory modes: their results, and
// the stack traces of traps before the frame exists (a division in the
// base case), inside it (a division after the call) and of a memory
// access in the base case (a guard-region fault).
func TestShrinkWrappedRecursion(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "shrinkwrap", shrinkWrapSource)
	fib := func(n uint32) uint32 {
		a, b := uint32(0), uint32(1)
		for range n {
			a, b = b, a+b
		}
		return a
	}
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		call := func(name string, args ...uint64) (uint64, error) {
			res, err := inst.Call(inst.Exports[name].Func, args)
			if err != nil {
				return 0, err
			}
			return res[0], nil
		}
		for n := range uint32(25) {
			got, err := call("fib", uint64(n))
			require.NoError(t, err)
			require.EqualValues(t, fib(n), got, "fib(%d)", n)
			got, err = call("fibacc", uint64(n))
			require.NoError(t, err)
			require.EqualValues(t, fib(n), got, "fibacc(%d)", n)
		}
		for m, want := range [][]uint64{{1, 2, 3, 4, 5}, {2, 3, 4, 5, 6}, {3, 5, 7, 9, 11}, {5, 13, 29, 61, 125}} {
			for n, w := range want {
				got, err := call("ack", uint64(m), uint64(n))
				require.NoError(t, err)
				require.Equal(t, w, got, "ack(%d, %d)", m, n)
			}
		}
		for n := range uint64(12) {
			got, err := call("wide", n, 0x9e3779b97f4a7c15, n*77+5, 0x1234)
			require.NoError(t, err)
			require.Equal(t, wide(n, 0x9e3779b97f4a7c15, n*77+5, 0x1234), got, "wide(%d)", n)
			got, err = call("down", n, 7)
			require.NoError(t, err)
			require.EqualValues(t, n+100/7, got)
			got, err = call("up", n, 3)
			require.NoError(t, err)
			want := uint64(1000000)
			for range n {
				want /= 3
			}
			require.Equal(t, want, got)
		}
		for _, tc := range []struct {
			name, trap string
			index      uint32 // the function's index
			args       []uint64
		}{
			{"down", "integer divide by zero", 3, []uint64{5, 0}},
			{"up", "integer divide by zero", 4, []uint64{5, 0}},
			{"load", "out of bounds memory access", 5, []uint64{5, 65536}},
			{"down", "integer divide by zero", 3, []uint64{0, 0}},
		} {
			_, err := call(tc.name, tc.args...)
			desc := fmt.Sprintf("%s%v %s", tc.name, tc.args, mode)
			require.ErrorContains(t, err, tc.trap, desc)
			var trap *runtime.Trap
			require.True(t, errors.As(err, &trap), desc)
			require.Len(t, trap.Stack, 1, desc)
			require.Equal(t, tc.index, trap.Stack[0].Function, desc)
			// up traps in the frame of the level whose call returned,
			// one above the deepest.
			depth := int(tc.args[0]) + 1
			if tc.name == "up" {
				depth--
			}
			require.Equal(t, depth, trap.Stack[0].Repeat, desc)
		}
	}
}

// TestShrinkWrapBranchBothWaysToReturn runs a framed branch whose two
// edges lead to the same return block, which the frameless early exit
// shares: the branch's fall-through must take the framed copy of the
// return (a generated module returned through the frame's contents).
func TestShrinkWrapBranchBothWaysToReturn(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "bothways", `(module
  (memory 1)
  (func $f (export "f") (param i32 i32) (result i32)
    (block
      (br_if 0 (i32.eqz (local.get 0)))
      (drop (call $f (i32.sub (local.get 0) (i32.const 1)) (local.get 1)))
      (block
        (br_if 0 (local.get 1))
        (br 1)))
    (i32.const 7)))`)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		for _, args := range [][]uint64{{0, 0}, {1, 0}, {1, 1}, {5, 0}, {5, 1}} {
			res, err := inst.Call(inst.Exports["f"].Func, args)
			require.NoError(t, err, "f%v %s", args, mode)
			require.Equal(t, []uint64{7}, res, "f%v %s", args, mode)
		}
	}
}

// TestShrinkWrapFrameBlockOnlyJumps runs a function whose frame is set up
// in a block that does nothing else (the join of a br_table's cases
// before a loop that calls, with nothing live into it): the jumps to it
// must not be threaded past it to the loop (a generated module ran its
// loop's calls without a frame).
func TestShrinkWrapFrameBlockOnlyJumps(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "framejoin", `(module
  (memory 1)
  (global $n (mut i32) (i32.const 0))
  (global $acc (mut i32) (i32.const 0))
  (func $g (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1) (call $g (i32.sub (local.get 0) (i32.const 1)))))
      (else (i32.const 0))))
  (func $f (export "f") (param i32 i32) (result i32)
    (global.set $n (local.get 1))
    (global.set $acc (i32.const 0))
    (block (br_table 0 0 0 0 (i32.trunc_f32_s (f32.convert_i32_s (local.get 0)))))
    (loop $l
      (if (i32.eqz (global.get $n)) (then (return (global.get $acc))))
      (global.set $n (i32.sub (global.get $n) (i32.const 1)))
      (global.set $acc (i32.add (global.get $acc) (call $g (i32.const 2))))
      (br $l))
    unreachable))`)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		for sel := range uint64(4) {
			for n := range uint64(4) {
				res, err := inst.Call(inst.Exports["f"].Func, []uint64{sel, n})
				require.NoError(t, err, "f(%d, %d) %s", sel, n, mode)
				require.Equal(t, []uint64{2 * n}, res, "f(%d, %d) %s", sel, n, mode)
			}
		}
	}
}
