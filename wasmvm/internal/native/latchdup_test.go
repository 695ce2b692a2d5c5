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
