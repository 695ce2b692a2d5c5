(module
  (memory 1)
  (func $inner (param i32) (result i32) (i32.load (local.get 0)))
  (func $middle (param i32) (result i32) (call $inner (i32.add (local.get 0) (i32.const 65536))))
  (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
  (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $calls_div (export "calls_div") (result i32) (call $div (i32.const 0)))
  (func $recurse (export "recurse") (result i32) (call $recurse)))
