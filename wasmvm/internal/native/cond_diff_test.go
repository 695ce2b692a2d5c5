package native

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// The compare-as-number differential test generates functions that use a
// comparison's 0 or 1 both as a number (added, zero-extended to i64) and
// as the condition of a branch, select or trap-free test (== 0, != 0), with
// nothing, a move or an instruction that writes the flags in between
// (the backends reuse the comparison's flags only while they are
// intact), of integers and floats (NaN included), or on an and's result
// (whose flags the and set), and zero-extends i32 values of several origins (compares,
// wrapped i64 values, negative differences), over operands at the edges
// of the signed and unsigned ranges.

var condOps = []string{"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}

var floatCondOps = []string{"eq", "ne", "lt", "gt", "le", "ge"}

// floatCondOperands are the float operands compared: NaN (every
// comparison but ne is false on it), signed zeros, infinities.
var floatCondOperands = []string{"nan", "0", "-0", "1.5", "-2", "inf", "-inf", "1.5"}

// condOperands are the operands compared: zero, ones, the signed and
// unsigned extremes of both widths, and numbers near them.
var condOperands = []int64{0, 1, -1, 2, 1000, math.MinInt32, math.MaxInt32, math.MaxUint32, 1 << 32,
	math.MinInt64, math.MaxInt64, -1000}

// condFunction writes function idx: f(a, b, n) compares a and b.
func condFunction(rng *rand.Rand, idx int) string {
	ty := []string{"i32", "i64", "f64"}[rng.Intn(3)]
	cond := condOps[rng.Intn(len(condOps))]
	if ty == "f64" {
		cond = floatCondOps[rng.Intn(len(floatCondOps))]
	}
	between := []string{"",
		"(local.set $t (local.get $n))",
		"(local.set $t (i32.xor (local.get $n) (i32.const 5)))",
		"(local.set $t (i32.sub (local.get $n) (i32.const 1)))"}[rng.Intn(4)]
	test := []string{"(local.get $c)", "(i32.eqz (local.get $c))",
		"(i32.ne (local.get $c) (i32.const 0))", "(i32.gt_u (local.get $c) (i32.const 0))"}[rng.Intn(4)]
	use := []string{
		"(if " + test + " (then (local.set $t (i32.add (local.get $t) (i32.const 100)))))",
		"(local.set $t (select (local.get $n) (i32.const 77) " + test + "))",
		"(local.set $f (select (f64.const 1.5) (f64.const -2) " + test + "))",
		"(local.set $t (i32.add (local.get $t) (local.get $c))) (if " + test + " (then (local.set $t (i32.mul (local.get $t) (i32.const 3)))))",
	}[rng.Intn(4)]
	var sb strings.Builder
	fmt.Fprintf(&sb, "  (func $cmp%d (param $a %s) (param $b %s) (param $n i32) (result i64)\n", idx, ty, ty)
	sb.WriteString("    (local $c i32) (local $t i32) (local $f f64)\n")
	if rng.Intn(5) == 0 { // an and's result, whose flags the and set
		sb.WriteString("    (local.set $c (i32.and (local.get $n) (i32.const 6)))\n")
	} else {
		fmt.Fprintf(&sb, "    (local.set $c (%s.%s (local.get $a) (local.get $b)))\n", ty, cond)
	}
	fmt.Fprintf(&sb, "    %s\n    %s\n", between, use)
	// The 0 or 1 as a number, and i32 values of several origins
	// zero-extended: a wrapped sign extension, a negative difference.
	sb.WriteString(`    (i64.add (i64.add (i64.extend_i32_u (local.get $c))
        (i64.mul (i64.extend_i32_u (local.get $t)) (i64.const 1000)))
      (i64.add (i64.trunc_f64_s (local.get $f))
        (i64.add (i64.extend_i32_u (i32.wrap_i64 (i64.extend_i32_s (local.get $n))))
          (i64.shl (i64.extend_i32_u (i32.sub (local.get $c) (local.get $n))) (i64.const 20))))))
`)
	return sb.String()
}

// condModule writes a module of funcs compare functions and exports
// "runF_S" calling function F with operand set S, through a table so that
// no call is inlined and its constant operands folded.
func condModule(seed int64, funcs int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString("(module\n")
	sb.WriteString("  (type $i32 (func (param i32 i32 i32) (result i64)))\n")
	sb.WriteString("  (type $i64 (func (param i64 i64 i32) (result i64)))\n")
	sb.WriteString("  (type $f64 (func (param f64 f64 i32) (result i64)))\n")
	fmt.Fprintf(&sb, "  (table %d funcref)\n  (elem (i32.const 0)", funcs)
	for f := range funcs {
		fmt.Fprintf(&sb, " $cmp%d", f)
	}
	sb.WriteString(")\n")
	for f := range funcs {
		src := condFunction(rng, f)
		sb.WriteString(src)
		ty := src[strings.Index(src, "(param $a ")+10:][:3]
		for s := range 12 {
			x, y := condOperands[rng.Intn(len(condOperands))], condOperands[rng.Intn(len(condOperands))]
			if ty == "i32" {
				x, y = int64(int32(x)), int64(int32(y))
			}
			a, b := fmt.Sprint(x), fmt.Sprint(y)
			if ty == "f64" {
				a, b = floatCondOperands[rng.Intn(len(floatCondOperands))], floatCondOperands[rng.Intn(len(floatCondOperands))]
			}
			if s%4 == 0 {
				b = a // equal operands
			}
			n := condOperands[rng.Intn(len(condOperands))]
			fmt.Fprintf(&sb, "  (func (export \"run%d_%d\") (result i64) (call_indirect (type $%s) (%s.const %s) (%s.const %s) (i32.const %d) (i32.const %d)))\n",
				f, s, ty, ty, a, ty, b, int32(n), f)
		}
	}
	sb.WriteString(")\n")
	return sb.String()
}

// TestDifferentialCompareAsNumber compares the native engine and the
// interpreter (and wazero on amd64) on generated compare-as-number
// functions.
func TestDifferentialCompareAsNumber(t *testing.T) {
	modules := generatedModules(24, 8)
	dir := t.TempDir()
	calls := 0
	for seed := int64(1); seed <= int64(modules); seed++ {
		src := condModule(seed, 8)
		calls += requireEnginesAgree(t, wattest.AssembleIn(t, dir, fmt.Sprint(seed), src), seed, src)
	}
	fmt.Printf("differential compare as number: %d modules, %d calls, native = interpreter (= wazero on amd64)\n", modules, calls)
}
