;; A WASI command that recurses without end: call stack exhaustion.
(module
  (func $down (param $n i64) (result i64)
    (i64.add (call $down (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
  (func $main (export "_start")
    (drop (call $down (i64.const 0)))))
