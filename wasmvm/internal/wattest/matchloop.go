package wattest

// MatchLoopModule has, as function 1 ($scan), the shape of an LZ
// compressor's match finder (the suite's compress): a scan loop that
// hashes the word at ip, swaps it into a table and, on a miss (no
// candidate, one too far back, or different bytes: three branches), steps
// ip by one; the match path, which the prediction makes rare, extends the
// match in a loop of its own and calls $emit (function 0, recursive so
// that it is not inlined) before it jumps ip past the match. Both paths
// meet at the latch that tests ip+4 <= n. The input's base $in, the
// table's base $tab and n are live through the loop and across the call.
// $scan first fills $in[0:n] with bytes from a small alphabet (so that
// words repeat) and the table's 1024 words with -1; it returns the sum of
// $emit's results plus the final ip. The layout tests of mach and amd64
// compile it, and native's tests run it against Go.
const MatchLoopModule = `(module
  (memory 2)
  (func $emit (param $x i32) (result i32)
    (if (result i32) (i32.gt_u (local.get $x) (i32.const 1000))
      (then (call $emit (i32.sub (local.get $x) (i32.const 1000))))
      (else (i32.mul (local.get $x) (i32.const 3)))))
  (func $scan (export "scan") (param $in i32) (param $tab i32) (param $n i32) (param $seed i32) (result i32)
    (local $i i32) (local $ip i32) (local $v i32) (local $h i32) (local $cand i32) (local $len i32) (local $sum i32)
    (if (i32.lt_u (local.get $n) (i32.const 4)) (then (return (i32.const 0))))
    (loop $gen
      (local.set $seed (i32.add (i32.mul (local.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 (i32.add (local.get $in) (local.get $i)) (i32.and (i32.shr_u (local.get $seed) (i32.const 16)) (i32.const 3)))
      (br_if $gen (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.set $i (i32.const 0))
    (loop $clear
      (i32.store (i32.add (local.get $tab) (local.get $i)) (i32.const -1))
      (br_if $clear (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 4096))))
    (loop $next
      (block $step
        (block $miss
          (local.set $v (i32.load (i32.add (local.get $in) (local.get $ip))))
          (local.set $h (i32.add (local.get $tab)
            (i32.shl (i32.shr_u (i32.mul (local.get $v) (i32.const 2654435761)) (i32.const 22)) (i32.const 2))))
          (local.set $cand (i32.load (local.get $h)))
          (i32.store (local.get $h) (local.get $ip))
          (br_if $miss (i32.eq (local.get $cand) (i32.const -1)))
          (br_if $miss (i32.gt_u (i32.sub (local.get $ip) (local.get $cand)) (i32.const 65535)))
          (br_if $miss (i32.ne (i32.load (i32.add (local.get $in) (local.get $cand))) (local.get $v)))
          (local.set $len (i32.const 4))
          (block $end
            (loop $extend
              (br_if $end (i32.ge_u (i32.add (local.get $ip) (local.get $len)) (local.get $n)))
              (br_if $end (i32.ne (i32.load8_u (i32.add (local.get $in) (i32.add (local.get $cand) (local.get $len))))
                                  (i32.load8_u (i32.add (local.get $in) (i32.add (local.get $ip) (local.get $len))))))
              (local.set $len (i32.add (local.get $len) (i32.const 1)))
              (br $extend)))
          (local.set $sum (i32.add (local.get $sum)
            (call $emit (i32.add (local.get $len) (i32.sub (local.get $ip) (local.get $cand))))))
          (local.set $ip (i32.add (local.get $ip) (local.get $len)))
          (br $step))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1))))
      (br_if $next (i32.le_u (i32.add (local.get $ip) (i32.const 4)) (local.get $n))))
    (i32.add (local.get $sum) (local.get $ip))))`
