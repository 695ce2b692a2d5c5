package wattest

// NegatedCompareModule exports functions that keep a comparison and its
// negation as numbers in one block, as clang's branchless merge does
// (i += a >= b; j += a < b): "steps_s"(a, b, i, j) returns
// (i + (a >=s b)) * 65536 + (j + (a <s b)), and a select on a < b besides,
// "steps_l" the same over signed i64 operands (a < b first; unsigned orders
// add with adc and sbb instead), and
// "eqne"(a, b) (a == b) * 2 + (a != b) * 5. The amd64 tests count the
// comparisons, the native tests check what they compute.
const NegatedCompareModule = `(module
  (func (export "steps_s") (param $a i32) (param $b i32) (param $i i32) (param $j i32) (result i32)
    (i32.add
      (i32.add (i32.mul (i32.add (local.get $i) (i32.ge_s (local.get $a) (local.get $b))) (i32.const 65536))
               (i32.add (local.get $j) (i32.lt_s (local.get $a) (local.get $b))))
      (select (i32.const 0x1000000) (i32.const 0) (i32.lt_s (local.get $a) (local.get $b)))))
  (func (export "steps_l") (param $a i64) (param $b i64) (param $i i32) (param $j i32) (result i32)
    (i32.add (i32.add (local.get $j) (i64.lt_s (local.get $a) (local.get $b)))
             (i32.mul (i32.add (local.get $i) (i64.ge_s (local.get $a) (local.get $b))) (i32.const 65536))))
  (func (export "eqne") (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.mul (i32.eq (local.get $a) (local.get $b)) (i32.const 2))
             (i32.mul (i32.ne (local.get $a) (local.get $b)) (i32.const 5)))))`
