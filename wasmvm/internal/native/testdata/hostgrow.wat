(module
  ;; env.grow grows the memory from Go (not with memory.grow) and returns
  ;; the old size in pages.
  (import "env" "grow" (func $grow (result i32)))
  (memory 1)
  ;; Grows by one page, stores v at the first byte of the new page and reads
  ;; it back: native code must see the bounds Go left after the host call.
  (func (export "grow_and_store") (param $v i32) (result i32) (local $addr i32)
    (local.set $addr (i32.mul (call $grow) (i32.const 65536)))
    (i32.store (local.get $addr) (local.get $v))
    (i32.add (i32.load (local.get $addr)) (memory.size))))
