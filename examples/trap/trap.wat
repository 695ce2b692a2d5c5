;; A WASI command that reads beyond its linear memory: the kernel must
;; report the trap with a stack trace and survive it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "about to read out of bounds\n")
  (func $read_far (param $addr i32) (result i32)
    (i32.load (local.get $addr)))
  (func $main (export "_start")
    ;; iovec at 0: base 8, length 28
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 28))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 40)))
    (drop (call $read_far (i32.const 0x7fff0000)))))
