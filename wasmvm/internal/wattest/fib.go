package wattest

// FibModule exports fib(n) in the shape clang gives the doubly recursive
// Fibonacci: one recursive call in a loop that accumulates acc, and a
// shared exit returning n + acc, which the base case reaches with acc = 0
// and the loop with its sum. The mach tests check the exit's copies, the
// amd64 tests the code, the native tests what it computes.
const FibModule = `(module (func $fib (export "fib") (param $n i32) (result i32) (local $acc i32)
  (if (i32.ge_u (local.get $n) (i32.const 2))
    (then (loop $l
      (local.set $acc (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (local.get $acc)))
      (br_if $l (i32.gt_u (local.tee $n (i32.sub (local.get $n) (i32.const 2))) (i32.const 1))))))
  (i32.add (local.get $n) (local.get $acc))))`
