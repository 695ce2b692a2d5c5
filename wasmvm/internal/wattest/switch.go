package wattest

import (
	"fmt"
	"strings"
)

// SwitchModule returns a text module exporting "switch" (param $key i32)
// (param $n i32) (result i32): the sum of the values a switch statement
// gives the keys key, key+1, ..., key+n-1. The switch is what C compilers
// emit for one inside a loop: a br_table over len(values) cases, case i
// giving values[i] through a common join block (each case's branch
// passes its constant), other keys giving fallback.
func SwitchModule(values []int32, fallback int32) string {
	var b strings.Builder
	b.WriteString(`(module (func (export "switch") (param $key i32) (param $n i32) (result i32) (local $sum i32)
(block $done (loop $next
(br_if $done (i32.eqz (local.get $n)))
(local.set $sum (i32.add (local.get $sum)
(block $join (result i32)
(block $default
`)
	for i := len(values) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "(block $c%d\n", i)
	}
	b.WriteString("(br_table")
	for i := range values {
		fmt.Fprintf(&b, " $c%d", i)
	}
	b.WriteString(" $default (local.get $key)))\n")
	for _, v := range values {
		fmt.Fprintf(&b, "(br $join (i32.const %d)))\n", v)
	}
	fmt.Fprintf(&b, "(br $join (i32.const %d)))))\n", fallback)
	b.WriteString(`(local.set $key (i32.add (local.get $key) (i32.const 1)))
(local.set $n (i32.sub (local.get $n) (i32.const 1)))
(br $next)))
(local.get $sum)))
`)
	return b.String()
}

// SwitchValues returns n case values for SwitchModule, scattered over
// [-500, 500) so that neighbouring cases differ.
func SwitchValues(n int) []int32 {
	values := make([]int32, n)
	for i := range values {
		values[i] = int32(i*7919%1000 - 500)
	}
	return values
}
