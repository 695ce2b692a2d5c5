(module
  (import "env" "tick" (func $tick))
  ;; a host call, then a loop that never ends and calls nothing: where
  ;; loops check no epoch, only the call's return can see an Interrupt
  ;; that the host function made
  (func $after_host (export "after_host") (local $i i32)
    (call $tick)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
