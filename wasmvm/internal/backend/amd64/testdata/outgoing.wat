;; Outgoing argument areas: $direct (and $g) call a function of the module, $imported
;; an import, $indirect through the table; $tail makes a tail call when
;; built as outgoing-tail.wasm (wat2wasm --enable-tail-call, see build.sh).
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $g)
  (type $t (func (param i32) (result i32)))
  (func $g (param i32) (result i32) ;; calls: not inlined
    (if (result i32) (local.get 0)
      (then (call $g (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.const 7))))
  (func $direct (param i32) (result i32) (call $g (local.get 0)))
  (func $imported (param i32) (result i32) (call $f (local.get 0)))
  (func $indirect (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0))))
