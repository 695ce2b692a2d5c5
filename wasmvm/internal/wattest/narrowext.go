package wattest

// NarrowExtendsModule exports i64 additions and comparisons of zero
// extensions of i32 values that stay live, which read the i32 values'
// registers: "fits"(p, size) is 1 where extend(p) + 16 <= size, plus p
// (as an i64); "span"(a, b) is extend(a) + extend(b) + (extend(a) <
// extend(b)); "both"(a, k) is extend(a) + k, times 3 where extend(a) >= 7,
// plus a.
const NarrowExtendsModule = `(module
  (func (export "fits") (param $p i32) (param $size i64) (result i64)
    (i64.add (i64.extend_i32_u (i64.le_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.const 16)) (local.get $size)))
      (i64.extend_i32_u (local.get $p))))
  (func (export "span") (param $a i32) (param $b i32) (result i64)
    (i64.add (i64.add (i64.extend_i32_u (local.get $a)) (i64.extend_i32_u (local.get $b)))
      (i64.extend_i32_u (i64.lt_u (i64.extend_i32_u (local.get $a)) (i64.extend_i32_u (local.get $b))))))
  (func (export "both") (param $a i32) (param $k i64) (result i64) (local $w i64)
    (local.set $w (i64.add (i64.extend_i32_u (local.get $a)) (local.get $k)))
    (if (i64.ge_u (i64.extend_i32_u (local.get $a)) (i64.const 7))
      (then (local.set $w (i64.mul (local.get $w) (i64.const 3)))))
    (i64.add (local.get $w) (i64.extend_i32_u (local.get $a))))
)`
