package wattest

// SkipLoopModule has, as function 1 ($skip), the shape of a two-way
// string search's skip loop: a rare refill that calls $refill (function
// 0, recursive so that it is not inlined), then a test whose miss path
// steps and continues while its hit path does more work (and may leave);
// both paths meet at the shared latch that steps h. The layout tests of
// both backends compile it.
const SkipLoopModule = `(module
  (memory 1)
  (func $refill (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.load (local.get 0)))
      (else (call $refill (i32.sub (local.get 0) (i32.const 1))))))
  (func $skip (param $h i32) (param $z i32) (param $l i32) (result i32) (local $k i32)
    (loop $next
      (if (i32.lt_u (i32.sub (local.get $z) (local.get $h)) (local.get $l))
        (then (local.set $z (call $refill (local.get $z)))))
      (local.set $k (local.get $l))
      (block $step
        (br_if $step (i32.eqz (i32.and (i32.load8_u (local.get $h)) (i32.const 1))))
        (local.set $k (i32.load (local.get $h)))
        (br_if $step (local.get $k))
        (if (i32.load8_u offset=1 (local.get $h)) (then (return (local.get $h))))
        (local.set $k (i32.const 1)))
      (local.set $h (i32.add (local.get $h) (local.get $k)))
      (br $next))
    (unreachable)))`
