package wattest

// DigitSumModule exports f(n, a, b, c, d, e): the sum of n's decimal
// digits plus a+b+c+d+e. Each iteration divides n by 10 (a 64-bit high
// multiplication by the reciprocal once lowered), and the five values
// live across the loop leave the quotient RDX on amd64, where the
// one-operand mul puts it. The amd64 tests check its code, the native
// tests what it computes.
const DigitSumModule = `(module (func (export "f") (param $n i64) (param $a i64) (param $b i64) (param $c i64) (param $d i64) (param $e i64) (result i64) (local $acc i64) (local $q i64)
  (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
  (loop $l
    (local.set $q (i64.div_u (local.get $n) (i64.const 10)))
    (local.set $acc (i64.add (local.get $acc) (i64.sub (local.get $n) (i64.mul (local.get $q) (i64.const 10)))))
    (local.set $n (local.get $q))
    (br_if $l (i64.ge_u (local.get $n) (i64.const 1))))
  (i64.add (local.get $acc) (i64.add (i64.add (local.get $a) (local.get $b)) (i64.add (i64.add (local.get $c) (local.get $d)) (local.get $e))))))`
