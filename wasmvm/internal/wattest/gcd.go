package wattest

// GCDModule exports Euclid's algorithm twice and a plain remainder:
// "gcd" in the shape clang gives it (the loop entered only when b is not
// 0, and repeated only with a remainder that is not), "gcdtop" testing b
// at the top of its loop before dividing, and "rem"(a, b), whose divisor
// nothing shows nonzero, so that it traps on 0. The amd64 tests check
// which divisions test for 0, the native tests what they compute.
const GCDModule = `(module
  (func (export "gcd") (param $a i32) (param $b i32) (result i32) (local $t i32)
    (if (i32.eqz (local.get $b)) (then (return (local.get $a))))
    (loop $l
      (local.set $t (i32.rem_u (local.get $a) (local.get $b)))
      (local.set $a (local.get $b))
      (local.set $b (local.get $t))
      (br_if $l (local.get $b)))
    (local.get $a))
  (func (export "gcdtop") (param $a i64) (param $b i64) (result i64) (local $t i64)
    (block $done
      (loop $l
        (br_if $done (i64.eqz (local.get $b)))
        (local.set $t (i64.rem_u (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (br $l)))
    (local.get $a))
  (func (export "rem") (param $a i32) (param $b i32) (result i32)
    (i32.rem_u (local.get $a) (local.get $b))))`
