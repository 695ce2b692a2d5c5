;; A WASI command whose call_indirect finds a function of another type in
;; its table slot, then one past the table's end.
(module
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $nullary)
  (func $nullary (result i32) (i32.const 1))
  (func $dispatch (param $slot i32) (result i32)
    (call_indirect (type $unary) (i32.const 5) (local.get $slot)))
  (func $main (export "_start")
    (drop (call $dispatch (i32.const 0)))))
