package wattest

// Crc4LoopModule exports "crc4"(crc, p, end) in the shape of crc32.c's
// slice-by-4 loop: the next crc is computed from four table loads while
// the crc xored with the data is still live, and the count of bytes left
// (end - p), which the code after the loop reads, is computed at the
// loop's end, after the old crc's last use. The four tables are at 1024,
// 2048, 3072 and 4096; "fill"(seed) fills the first 8 KB of memory with
// words of a linear congruential sequence. The amd64 tests look at the
// loop's code, the native tests check what it computes.
const Crc4LoopModule = `(module
  (memory (export "memory") 1)
  (func (export "fill") (param $seed i32) (local $i i32)
    (loop $f
      (local.set $seed (i32.add (i32.mul (local.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store (local.get $i) (local.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $f (i32.lt_u (local.get $i) (i32.const 8192)))))
  (func (export "crc4") (param $crc i32) (param $p i32) (param $end i32) (result i32) (local $v i32) (local $left i32)
    (loop $l
      (local.set $v (i32.xor (local.get $crc) (i32.load (local.get $p))))
      (local.set $crc (i32.xor (i32.xor (i32.load offset=1024 (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))
                                        (i32.load offset=2048 (i32.and (i32.shr_u (local.get $v) (i32.const 6)) (i32.const 1020))))
                               (i32.xor (i32.load offset=3072 (i32.and (i32.shr_u (local.get $v) (i32.const 14)) (i32.const 1020)))
                                        (i32.load offset=4096 (i32.and (i32.shr_u (local.get $v) (i32.const 22)) (i32.const 1020))))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $left (i32.sub (local.get $end) (local.get $p)))
      (br_if $l (i32.gt_u (local.get $left) (i32.const 3))))
    (i32.add (i32.mul (local.get $crc) (i32.const 3)) (i32.mul (local.get $left) (local.get $end)))))`
