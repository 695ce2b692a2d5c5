(module
  (func $spin (export "spin") (loop $l (br $l)))
  (func $recurse_forever (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (call $recurse_forever (local.get 0))) (else (i32.const 0)))))
