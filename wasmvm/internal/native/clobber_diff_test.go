package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// clobberLive is how many i64 values the generated functions keep live
// across each clobbering instruction: more than the integer registers,
// so that every register, RDX among them on amd64, holds one.
const clobberLive = 14

// clobberOps are the operations whose amd64 code writes RDX (division,
// the 64-bit high multiplication of a division by a constant, bulk
// memory), each as a statement that sets $v<dst> from $v<a> and $v<b>.
var clobberOps = []func(dst, a, b int) string{
	func(d, a, b int) string { return divStmt("i64.div_s", d, a, b) },
	func(d, a, b int) string { return divStmt("i64.div_u", d, a, b) },
	func(d, a, b int) string { return divStmt("i64.rem_s", d, a, b) },
	func(d, a, b int) string { return divStmt("i64.rem_u", d, a, b) },
	func(d, a, b int) string {
		return fmt.Sprintf("(local.set $v%d (i64.extend_i32_s (i32.div_s (i32.wrap_i64 (local.get $v%d)) (i32.or (i32.wrap_i64 (i64.shr_u (local.get $v%d) (i64.const 33))) (i32.const 1)))))", d, a, b)
	},
	func(d, a, b int) string {
		return fmt.Sprintf("(local.set $v%d (i64.extend_i32_u (i32.rem_u (i32.wrap_i64 (local.get $v%d)) (i32.or (i32.wrap_i64 (local.get $v%d)) (i32.const 1)))))", d, a, b)
	},
	func(d, a, _ int) string {
		return fmt.Sprintf("(local.set $v%d (i64.div_u (local.get $v%d) (i64.const 1000003)))", d, a)
	},
	func(d, a, _ int) string {
		return fmt.Sprintf("(local.set $v%d (i64.div_s (local.get $v%d) (i64.const -77)))", d, a)
	},
	func(d, a, _ int) string {
		return fmt.Sprintf("(local.set $v%d (i64.rem_u (local.get $v%d) (i64.const 641)))", d, a)
	},
	func(d, a, b int) string {
		return fmt.Sprintf("(memory.fill (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095)) (i32.wrap_i64 (local.get $v%d)) (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 63)))\n"+
			"      (local.set $v%d (i64.load (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095))))", a, b, b, d, a)
	},
	func(d, a, b int) string {
		return fmt.Sprintf("(memory.copy (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095)) (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 8191)) (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 2047)))\n"+
			"      (local.set $v%d (i64.load (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095))))", a, b, a, d, b)
	},
	func(d, a, b int) string { return copyLoopStmt(d, a, b, false) },
	func(d, a, b int) string { return copyLoopStmt(d, a, b, true) },
}

// copyLoopStmt is a byte loop that opt turns into a memory.copy (or,
// with fill, a memory.fill) checked before it and marked in bounds,
// whose amd64 code reads its operands from wherever the allocator put
// them, RSI and RDI among them: the copy reads 30 to 93 bytes from 0 to
// 15 bytes above its destination (the destination trailing or on the
// source: a forward copy) and sets $v<d> from what it wrote.
func copyLoopStmt(d, a, b int, fill bool) string {
	value := "(i32.load8_u (local.get $q))"
	if fill {
		value = fmt.Sprintf("(i32.wrap_i64 (local.get $v%d))", b)
	}
	return fmt.Sprintf("(local.set $p (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095)))\n"+
		"      (local.set $q (i32.add (local.get $p) (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 15))))\n"+
		"      (local.set $c (i32.add (i32.and (i32.wrap_i64 (i64.shr_u (local.get $v%d) (i64.const 7))) (i32.const 63)) (i32.const 30)))\n"+
		"      (loop $C (i32.store8 (local.get $p) %s)\n"+
		"        (local.set $p (i32.add (local.get $p) (i32.const 1)))\n"+
		"        (local.set $q (i32.add (local.get $q) (i32.const 1)))\n"+
		"        (br_if $C (local.tee $c (i32.sub (local.get $c) (i32.const 1)))))\n"+
		"      (local.set $v%d (i64.load (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 4095))))", a, b, b, value, d, a)
}

// divStmt sets $v<d> to $v<a> op a positive divisor made of $v<b>
// (shifted right once, so never -1: no overflow trap either).
func divStmt(op string, d, a, b int) string {
	return fmt.Sprintf("(local.set $v%d (%s (local.get $v%d) (i64.or (i64.shr_u (local.get $v%d) (i64.const 1)) (i64.const 1))))", d, op, a, b)
}

// clobberModule writes a module of functions that keep clobberLive values
// live around a loop of clobbering operations, each value read after
// every operation, and exports "fK" calling function K.
func clobberModule(seed int64, funcs int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n")
	for k := range funcs {
		fmt.Fprintf(&sb, "  (func $f%d (param $a i64) (param $b i64) (param $n i32) (result i64)\n    (local $h i64) (local $p i32) (local $q i32) (local $c i32)", k)
		writeLiveValues(&sb, clobberLive)
		sb.WriteString("    (loop $L\n")
		for range 2 + rng.Intn(3) {
			op := clobberOps[rng.Intn(len(clobberOps))]
			fmt.Fprintf(&sb, "      %s\n", op(rng.Intn(clobberLive), rng.Intn(clobberLive), rng.Intn(clobberLive)))
			// Every value is read after the operation: all are live
			// across it.
			for v := range clobberLive {
				fmt.Fprintf(&sb, "      (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (local.get $v%d)))\n", v)
			}
		}
		sb.WriteString("      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n    (local.get $h))\n")
		fmt.Fprintf(&sb, "  (func (export \"f%d\") (result i64) (call $f%d (i64.const %d) (i64.const %d) (i32.const %d)))\n",
			k, k, rng.Int63()-rng.Int63(), rng.Int63(), 1+rng.Intn(5))
	}
	sb.WriteString(")\n")
	return sb.String()
}

// writeLiveValues declares n i64 locals $v0..$v<n-1> (ending the line of
// a function's locals) and sets each to a different mix of the
// parameters $a and $b.
func writeLiveValues(sb *strings.Builder, n int) {
	for v := range n {
		fmt.Fprintf(sb, " (local $v%d i64)", v)
	}
	sb.WriteString("\n")
	for v := range n {
		fmt.Fprintf(sb, "    (local.set $v%d (i64.add (i64.mul (local.get $a) (i64.const %d)) (i64.rotl (local.get $b) (i64.const %d))))\n",
			v, 2*v+3, v)
	}
}

// TestDifferentialClobbers compares the native engine with the
// interpreter on functions that keep more values live than there are
// registers across divisions, high multiplications and bulk memory
// operations, whose amd64 code writes RDX, an allocatable register: a
// value the allocator left in RDX across one would come out wrong. The
// copy and fill loops' operations read their operands in any registers.
func TestDifferentialClobbers(t *testing.T) {
	modules := generatedModules(12, 4)
	dir := t.TempDir()
	calls := 0
	for seed := int64(1); seed <= int64(modules); seed++ {
		src := clobberModule(seed, 8)
		b := wattest.AssembleIn(t, dir, fmt.Sprint(seed), src)
		want := runOurs(t, b, interp.Engine{})
		got := runOurs(t, b, &Engine{})
		for name, w := range want {
			require.Equal(t, w.String(), got[name].String(), "seed %d export %q: native differs from the interpreter\n%s", seed, name, src)
			require.False(t, w.trapped, "seed %d export %q traps", seed, name)
		}
		calls += len(want)
	}
	require.Positive(t, calls)
}
