package wattest

import (
	"fmt"
	"strings"
)

// CompareSumsModule exports functions that add a comparison's 0 or 1 to
// a value or or it with another (mach's comparison sums): "add_<cond>"(c,
// x, y) returns c + (x <cond> y) (i32) for the unsigned and signed
// orders, eq and ne; "add_<name>"(c, x) compares x with a constant (eqz,
// != 0, > 100, <= 100, < 100, >= 100, > 0x7fffffff, <= 0xfffffffe);
// "add64_lt_u"(c, x, y), "add64_gt_u"(c, x, y), "add64_le_u_k"(c, x)
// (x <= 0x7fffffff) and "add64_ne_eq"(c, x, y) add to an i64 through
// i64.extend_i32_u; "alnum"(x), "alnum_or_space"(x) and
// "alnum_branch"(x) (7 where alnum, else 9) or comparisons as isalnum
// does; "or_any"(c, x, y) ors into any value; "classes"(p, n) counts the
// digits, letters and digits, and capitals among the n bytes at p:
// digits*1000000 + alnum*1000 + upper.
var CompareSumsModule = compareSumsModule()

// compareSumsModule writes CompareSumsModule: its "add_<cond>" functions
// from the list of conditions, then the others.
func compareSumsModule() string {
	var sb strings.Builder
	sb.WriteString("(module\n  (memory (export \"memory\") 1)\n")
	for _, c := range []string{"lt_u", "ge_u", "gt_u", "le_u", "lt_s", "ge_s", "eq", "ne"} {
		fmt.Fprintf(&sb, `  (func (export "add_%s") (param $c i32) (param $x i32) (param $y i32) (result i32)
    (i32.add (local.get $c) (i32.%s (local.get $x) (local.get $y))))
`, c, c)
	}
	return sb.String() + compareSumsRest
}

const compareSumsRest = `  (func (export "add_eqz") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.eqz (local.get $x)) (local.get $c)))
  (func (export "add_nez") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.ne (local.get $x) (i32.const 0)) (local.get $c)))
  (func (export "add_gt_u_k") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.gt_u (local.get $x) (i32.const 100)) (local.get $c)))
  (func (export "add_le_u_k") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.le_u (local.get $x) (i32.const 100)) (local.get $c)))
  (func (export "add_lt_u_k") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.lt_u (local.get $x) (i32.const 100)) (local.get $c)))
  (func (export "add_ge_u_k") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.ge_u (local.get $x) (i32.const 100)) (local.get $c)))
  (func (export "add_gt_u_big") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.gt_u (local.get $x) (i32.const 0x7fffffff)) (local.get $c)))
  (func (export "add_le_u_big") (param $c i32) (param $x i32) (result i32)
    (i32.add (i32.le_u (local.get $x) (i32.const -2)) (local.get $c)))
  (func (export "add64_lt_u") (param $c i64) (param $x i32) (param $y i32) (result i64)
    (i64.add (local.get $c) (i64.extend_i32_u (i32.lt_u (local.get $x) (local.get $y)))))
  (func (export "add64_gt_u") (param $c i64) (param $x i64) (param $y i64) (result i64)
    (i64.add (local.get $c) (i64.extend_i32_u (i64.gt_u (local.get $x) (local.get $y)))))
  (func (export "add64_le_u_k") (param $c i64) (param $x i64) (result i64)
    (i64.add (local.get $c) (i64.extend_i32_u (i64.le_u (local.get $x) (i64.const 0x7fffffff)))))
  (func (export "add64_ne_eq") (param $c i64) (param $x i64) (param $y i64) (result i64)
    (i64.add (local.get $c) (i64.extend_i32_u (i64.ne (local.get $x) (local.get $y)))))
  (func (export "alnum") (param $x i32) (result i32)
    (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))
            (i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26))))
  (func (export "alnum_or_space") (param $x i32) (result i32)
    (i32.or (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))
            (i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26))) (i32.eq (local.get $x) (i32.const 32))))
  (func (export "alnum_branch") (param $x i32) (result i32)
    (if (result i32) (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))
            (i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26))) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "or_any") (param $c i32) (param $x i32) (param $y i32) (result i32)
    (i32.or (local.get $c) (i32.lt_u (local.get $x) (local.get $y))))
  (func (export "classes") (param $p i32) (param $n i32) (result i32)
    (local $x i32) (local $digits i32) (local $alnum i32) (local $upper i32) (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (i32.load8_u (local.get $p)))
        (local.set $digits (i32.add (local.get $digits) (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))))
        (local.set $alnum (i32.add (local.get $alnum) (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10))
            (i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26)))))
        (local.set $upper (i32.add (local.get $upper) (i32.le_u (i32.sub (local.get $x) (i32.const 65)) (i32.const 25))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $l)))
    (i32.add (i32.mul (local.get $digits) (i32.const 1000000))
      (i32.add (i32.mul (local.get $alnum) (i32.const 1000)) (local.get $upper))))
)`
