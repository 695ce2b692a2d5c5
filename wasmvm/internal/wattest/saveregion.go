package wattest

// SaveRegionModule has, as function 0 ($mix), a leaf function with a
// short path (n < 8: one multiply-add) and a long one (a loop carrying
// seven 64-bit values, more than the caller-saved registers hold, which
// stores to memory and, for n = 1000, traps), so that only the long path
// needs callee-saved registers (mach.Allocation.PlaceSaves). Function 1
// ($run) keeps six values live across calls of $mix on both paths and
// combines them after the calls: a callee-saved register $mix failed to
// restore would change its result. The exports run it for two seeds and
// trap inside $mix's long path.
const SaveRegionModule = `(module
  (memory 1)
  (func $mix (param $n i32) (param $a i64) (param $b i64) (result i64)
    (local $i i32) (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $x3 i64) (local $x4 i64)
    (local $x5 i64) (local $x6 i64)
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then (return (i64.add (local.get $a) (i64.mul (local.get $b) (i64.extend_i32_u (local.get $n)))))))
    (local.set $x0 (local.get $a))
    (local.set $x1 (local.get $b))
    (local.set $x2 (i64.xor (local.get $a) (local.get $b)))
    (local.set $x3 (i64.add (local.get $a) (i64.const 3)))
    (local.set $x4 (i64.sub (local.get $b) (i64.const 4)))
    (local.set $x5 (i64.rotl (local.get $a) (i64.const 5)))
    (local.set $x6 (i64.rotl (local.get $b) (i64.const 6)))
    (loop $l
      (local.set $x0 (i64.add (local.get $x0) (i64.mul (local.get $x1) (i64.const 3))))
      (local.set $x1 (i64.xor (local.get $x1) (i64.rotl (local.get $x2) (i64.const 7))))
      (local.set $x2 (i64.sub (local.get $x2) (local.get $x3)))
      (local.set $x3 (i64.or (i64.mul (local.get $x3) (local.get $x4)) (i64.const 1)))
      (local.set $x4 (i64.add (local.get $x4) (local.get $x5)))
      (local.set $x5 (i64.xor (local.get $x5) (i64.shr_u (local.get $x6) (i64.const 3))))
      (local.set $x6 (i64.add (i64.sub (local.get $x6) (local.get $x0)) (i64.extend_i32_u (local.get $i))))
      (i64.store (i32.and (i32.shl (local.get $i) (i32.const 3)) (i32.const 4088)) (local.get $x3))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (if (i32.eq (local.get $n) (i32.const 1000)) (then unreachable))
    (i64.add
      (i64.add (i64.add (local.get $x0) (local.get $x1)) (i64.add (local.get $x2) (local.get $x3)))
      (i64.add (i64.add (i64.add (local.get $x4) (local.get $x5)) (local.get $x6))
               (i64.load (i32.const 8)))))
  (func $run (param $seed i64) (result i64)
    (local $c0 i64) (local $c1 i64) (local $c2 i64) (local $c3 i64) (local $c4 i64) (local $c5 i64) (local $r i64)
    (local.set $c0 (i64.add (i64.mul (local.get $seed) (i64.const 3)) (i64.const 1)))
    (local.set $c1 (i64.xor (local.get $seed) (i64.const 0x5555)))
    (local.set $c2 (i64.add (local.get $seed) (i64.const 77)))
    (local.set $c3 (i64.rotl (local.get $seed) (i64.const 13)))
    (local.set $c4 (i64.mul (local.get $seed) (local.get $seed)))
    (local.set $c5 (i64.sub (i64.const 0) (local.get $seed)))
    (local.set $r (call $mix (i32.const 3) (local.get $c0) (local.get $c1)))
    (local.set $r (i64.add (local.get $r) (call $mix (i32.const 40) (local.get $c2) (local.get $c3))))
    (local.set $r (i64.xor (local.get $r) (call $mix (i32.const 7) (local.get $c4) (local.get $c5))))
    (local.set $r (i64.add (local.get $r) (call $mix (i32.const 8) (local.get $c1) (local.get $c2))))
    (local.set $r (i64.add (local.get $r) (call $mix (i32.const 100) (local.get $r) (local.get $c0))))
    (i64.add (local.get $r)
      (i64.xor (i64.add (i64.mul (local.get $c0) (i64.const 3)) (local.get $c1))
               (i64.sub (i64.add (local.get $c2) (local.get $c3)) (i64.sub (local.get $c4) (local.get $c5))))))
  (func (export "run1") (result i64) (call $run (i64.const 12345)))
  (func (export "run2") (result i64) (call $run (i64.const -7)))
  (func (export "trap") (result i64) (call $mix (i32.const 1000) (i64.const 1) (i64.const 2))))`
