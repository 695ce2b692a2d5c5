package native

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// latchModule has a loop whose shared latch (`sum = sum*31 + k; h += k`)
// receives k from three paths: the stride l, a byte read from memory and
// the constant 1. Lowering gives each path a copy of the latch that reads
// the path's value in place of a parameter (mach/latchdup.go); the
// exports run it over bytes of every low pattern with several strides.
func latchModule() string {
	var sb strings.Builder
	sb.WriteString(`(module
  (memory 1)
  (data (i32.const 0) "`)
	for i := range 256 {
		fmt.Fprintf(&sb, "\\%02x", (i*37+11)&0xff)
	}
	sb.WriteString(`")
  (func $skip (param $h i32) (param $end i32) (param $l i32) (result i32) (local $k i32) (local $sum i32)
    (loop $next
      (if (i32.ge_u (local.get $h) (local.get $end))
        (then (return (i32.add (local.get $sum) (local.get $h)))))
      (local.set $k (local.get $l))
      (block $step
        (br_if $step (i32.eqz (i32.and (i32.load8_u (local.get $h)) (i32.const 1))))
        (local.set $k (i32.and (i32.load8_u offset=1 (local.get $h)) (i32.const 3)))
        (br_if $step (local.get $k))
        (local.set $k (i32.const 1)))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (local.get $k)))
      (local.set $h (i32.add (local.get $h) (local.get $k)))
      (br $next))
    (unreachable))
`)
	for _, l := range []int{1, 2, 3, 5, 8} {
		for _, h := range []int{0, 1, 7} {
			fmt.Fprintf(&sb, "  (func (export \"skip_%d_%d\") (result i32) (call $skip (i32.const %d) (i32.const 250) (i32.const %d)))\n", h, l, h, l)
		}
	}
	sb.WriteString(")\n")
	return sb.String()
}

// TestSharedLatchCopies checks that the native engine and the
// interpreter agree on latchModule.
func TestSharedLatchCopies(t *testing.T) {
	src := latchModule()
	requireEnginesAgree(t, wattest.Assemble(t, src), 0, src)
}

// sinkModule has loops that compute the next pointer and count before
// their exit test, while the exit reads the old ones (opt's
// SinkIntoBackEdges moves the computations onto the back edge): a byte
// search, and the same with the vectorizers' shape of a loop of one
// block whose exit passes the old values on.
const sinkModule = `(module
  (memory 1)
  (data (i32.const 0) "abcdefghijklmnopqrstuvwxyz0123456789")
  (func $find (param $p i32) (param $n i32) (param $c i32) (result i32) (local $q i32) (local $m i32)
    (block $none
      (loop $next
        (br_if $none (i32.eqz (local.get $n)))
        (local.set $q (i32.add (local.get $p) (i32.const 1)))
        (local.set $m (i32.sub (local.get $n) (i32.const 1)))
        (if (i32.eq (i32.load8_u (local.get $p)) (local.get $c))
          (then (return (i32.add (i32.mul (local.get $p) (i32.const 1000)) (local.get $n)))))
        (local.set $p (local.get $q))
        (local.set $n (local.get $m))
        (br $next)))
    (i32.const -1))
  (func $skip (param $p i32) (param $step i32) (result i32) (local $q i32)
    (loop $next
      (local.set $q (local.get $p))
      (local.set $p (i32.add (local.get $p) (local.get $step)))
      (br_if $next (i32.lt_u (i32.load8_u (local.get $q)) (i32.const 112))))
    (i32.add (i32.mul (local.get $q) (i32.const 1000)) (local.get $step)))
  (func (export "find_a") (result i32) (call $find (i32.const 0) (i32.const 36) (i32.const 97)))
  (func (export "find_z") (result i32) (call $find (i32.const 0) (i32.const 36) (i32.const 122)))
  (func (export "find_9") (result i32) (call $find (i32.const 3) (i32.const 33) (i32.const 57)))
  (func (export "find_none") (result i32) (call $find (i32.const 0) (i32.const 20) (i32.const 57)))
  (func (export "skip_1") (result i32) (call $skip (i32.const 0) (i32.const 1)))
  (func (export "skip_3") (result i32) (call $skip (i32.const 1) (i32.const 3)))
  (func (export "skip_7") (result i32) (call $skip (i32.const 2) (i32.const 7))))`

// TestSunkBackEdgeComputations checks that the native engine and the
// interpreter agree on sinkModule.
func TestSunkBackEdgeComputations(t *testing.T) {
	requireEnginesAgree(t, wattest.Assemble(t, sinkModule), 0, sinkModule)
}

// mergeModule tests the 0 or 1 of an inlined call (is a character a
// letter or a digit, as musl's isalnum computes it) in the caller's
// block that only branches (opt's MergeStraightLine joins it to the
// call's body: the branch reads the flags of the or).
const mergeModule = `(module
  (memory 1)
  (data (i32.const 0) "Hello, World 42! a_b-c\n\t~Z09az@[` + "`" + `{/:")
  (func $isword (param $c i32) (result i32)
    (i32.or (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26))))
  (func $count (param $p i32) (result i32) (local $n i32) (local $c i32)
    (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.eqz (local.get $c)) (then (return (local.get $n))))
      (if (call $isword (local.get $c))
        (then (local.set $n (i32.add (local.get $n) (i32.const 1))))
        (else (local.set $n (i32.add (local.get $n) (i32.const 1000)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next))
    (unreachable))
  (func (export "count_0") (result i32) (call $count (i32.const 0)))
  (func (export "count_7") (result i32) (call $count (i32.const 7)))
  (func (export "count_20") (result i32) (call $count (i32.const 20))))`

// TestMergedBranchBlocks checks that the native engine and the
// interpreter agree on mergeModule.
func TestMergedBranchBlocks(t *testing.T) {
	requireEnginesAgree(t, wattest.Assemble(t, mergeModule), 0, mergeModule)
}

// maskModule masks a loop's current byte with 255 (C's `(unsigned
// char)c`): loaded zero-extended, before the loop and on its back edge,
// the and is left out (opt's DropRedundantMasks); loaded sign-extended
// it must stay.
const maskModule = `(module
  (memory 1)
  (data (i32.const 0) "az\80\ff\7f09 \fe")
  (func $sum (param $p i32) (param $signed i32) (result i32) (local $c i32) (local $s i32) (local $n i32)
    (local.set $c (if (result i32) (local.get $signed)
      (then (i32.load8_s (local.get $p))) (else (i32.load8_u (local.get $p)))))
    (loop $next
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31)) (i32.and (local.get $c) (i32.const 255))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $next (i32.lt_u (local.get $n) (i32.const 9))))
    (local.get $s))
  (func (export "sum_u") (result i32) (call $sum (i32.const 0) (i32.const 0)))
  (func (export "sum_s2") (result i32) (call $sum (i32.const 2) (i32.const 1)))
  (func (export "sum_s3") (result i32) (call $sum (i32.const 3) (i32.const 1))))`

// TestRedundantMasks checks that the native engine and the interpreter
// agree on maskModule.
func TestRedundantMasks(t *testing.T) {
	requireEnginesAgree(t, wattest.Assemble(t, maskModule), 0, maskModule)
}
