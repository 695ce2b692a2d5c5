package wattest

// DigitsModule exports functions that take the quotient and the remainder
// of one dividend by one constant: "digitsum"(n) sums n's decimal digits
// (n%10 before n/10, unsigned, i64), "remfirst"(n) returns
// (n rem_s -7)*1000 + (n div_s -7) (i32, the remainder first), and
// "mixed"(n) returns n/10 + n%100 (i32, unsigned: two divisors, nothing
// to share). The amd64 tests count the multiplications by reciprocals,
// the native tests check what they compute.
const DigitsModule = `(module
  (func (export "digitsum") (param $n i64) (result i64) (local $acc i64)
    (block $done
      (loop $l
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.rem_u (local.get $n) (i64.const 10))))
        (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
        (br $l)))
    (local.get $acc))
  (func (export "remfirst") (param $n i32) (result i32)
    (i32.add (i32.mul (i32.rem_s (local.get $n) (i32.const -7)) (i32.const 1000))
             (i32.div_s (local.get $n) (i32.const -7))))
  (func (export "mixed") (param $n i32) (result i32)
    (i32.add (i32.div_u (local.get $n) (i32.const 10)) (i32.rem_u (local.get $n) (i32.const 100)))))`

// DigitLoopModule exports "digitsum"(n) in the shape clang gives
// calls.c's sum_digits: the loop tests n > 9 at its end, after which n
// takes the quotient, so that the back edge moves values the exit does
// not read.
const DigitLoopModule = `(module
  (func (export "digitsum") (param $n i64) (result i64) (local $acc i64) (local $q i64) (local $more i32)
    (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
    (loop $l
      (local.set $q (i64.div_u (local.get $n) (i64.const 10)))
      (local.set $acc (i64.add (i64.sub (local.get $n) (i64.mul (local.get $q) (i64.const 10))) (local.get $acc)))
      (local.set $more (i64.gt_u (local.get $n) (i64.const 9)))
      (local.set $n (local.get $q))
      (br_if $l (local.get $more)))
    (local.get $acc)))`
