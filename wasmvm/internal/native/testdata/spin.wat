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
      (else (i32.const 1)))))
