(module
  (func $spin (export "spin") (loop $l (br $l)))
  (func $recurse_forever (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $recurse_forever (local.get 0))) (else (i32.const 0))))
  ;; 2^n calls, no loop: only function entries can stop it
  (func $fork (export "fork") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add
        (call $fork (i32.sub (local.get 0) (i32.const 1)))
        (call $fork (i32.sub (local.get 0) (i32.const 1)))))
      (else (i32.const 1))))
  ;; an endless loop around a short counted one, which has no epoch check
  ;; of its own: the outer loop's check stops it
  (func $nested (export "nested") (local $i i32) (local $sum i32)
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (br_if $inner (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000))))
      (br $outer)))
  ;; the short loop alone: 0 + 1 + ... + 999
  (func $count (export "count") (result i32) (local $i i32) (local $sum i32)
    (loop $inner
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (br_if $inner (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000))))
    (local.get $sum)))
