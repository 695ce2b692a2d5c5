;; A loop whose body ends in "continue if": the latch (the then-branch,
;; which jumps back) must follow the body, and the exit come after the loop.
(module
  (func $sum (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.ne (local.get $i) (local.get $n))
        (then
          (local.set $s (i32.xor (local.get $s) (i32.const 3)))
          (br $next))))
    (local.get $s)))
