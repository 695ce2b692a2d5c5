;; A WASI command that executes unreachable two calls deep.
(module
  (func $fail (unreachable))
  (func $middle (call $fail))
  (func $main (export "_start") (call $middle)))
