package wattest

// CollatzModule exports steps(n): how many steps of n -> n/2 (n even) or
// 3n+1 (n odd) reach 1, for n > 0. Its loop is a select of the two next
// values, the one passed back to the loop's header: the select can start
// from 3n+1 (its value if false, dead after it) or take n's register (n
// is dead after its test), so that the back edge moves nothing. The amd64
// tests check its code, the native tests what it computes.
const CollatzModule = `(module (func (export "steps") (param $n i64) (result i32) (local $s i32)
  (if (i64.eq (local.get $n) (i64.const 1)) (then (return (i32.const 0))))
  (loop $l
    (local.set $s (i32.add (local.get $s) (i32.const 1)))
    (local.set $n (select
      (i64.shr_u (local.get $n) (i64.const 1))
      (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1))
      (i64.eqz (i64.and (local.get $n) (i64.const 1)))))
    (br_if $l (i64.ne (local.get $n) (i64.const 1))))
  (local.get $s)))`
