(module
  ;; Rotates three values n times: the loop passes its parameters to itself
  ;; permuted, which the backend must move as a cycle.
  (func (export "rotate") (param $n i32) (result i32 i32 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $t i32)
    (local.set $a (i32.const 1)) (local.set $b (i32.const 2)) (local.set $c (i32.const 3))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $t (local.get $a))
      (local.set $a (local.get $b))
      (local.set $b (local.get $c))
      (local.set $c (local.get $t))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $a) (local.get $b) (local.get $c))
  (func (export "swapf") (param $n i32) (result f64 f64)
    (local $x f64) (local $y f64) (local $t f64)
    (local.set $x (f64.const 1.5)) (local.set $y (f64.const -2.5))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $t (local.get $x)) (local.set $x (local.get $y)) (local.set $y (local.get $t))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $x) (local.get $y)))
