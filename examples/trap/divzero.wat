;; A WASI command that divides by zero (the divisor comes from memory, so
;; no compiler can fold it).
(module
  (memory (export "memory") 1)
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $main (export "_start")
    (drop (call $divide (i32.const 7) (i32.load (i32.const 0))))))
