;; Scan loops of the shapes clang 14 gives wasi-libc's string functions and
;; the benchmark suite's tokenizer, for TestVectorizeExits.
(module
  (memory 1)

  ;; for (p = s; *p; p++); return p - s
  (func $strlen (export "strlen") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $p i32)
    local.get $s
    local.set $p
    block $done
      loop $l
        local.get $p
        i32.load8_u
        i32.eqz
        br_if $done
        local.get $p
        i32.const 1
        i32.add
        local.set $p
        br $l
      end
    end
    local.get $p
    local.get $s
    i32.sub)

  ;; while (*p && isalnum(*p)) p++, rotated: the byte loaded at the end of
  ;; an iteration is tested at the start of the next
  (func $word (export "word") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $p i32) (local $ch i32)
    local.get $s
    local.tee $p
    i32.load8_u
    local.set $ch
    block $done
      loop $l
        local.get $ch
        i32.const 48
        i32.sub
        i32.const 10
        i32.lt_u
        local.get $ch
        i32.const 32
        i32.or
        i32.const 97
        i32.sub
        i32.const 26
        i32.lt_u
        i32.or
        i32.eqz
        br_if $done
        local.get $p
        i32.const 1
        i32.add
        local.tee $p
        i32.load8_u
        local.tee $ch
        br_if $l
      end
    end
    local.get $p
    local.get $s
    i32.sub)

  ;; for (; n && *s != c; s++, n--); return n ? s : 0, with c an invariant
  ;; that may be above 255 (then no byte is equal)
  (func $memchr (export "memchr") (param $s i32) (param $c i32) (param $n i32) (result i32)
    block $none
      loop $l
        local.get $n
        i32.eqz
        br_if $none
        local.get $s
        i32.load8_u
        local.get $c
        i32.eq
        if
          local.get $s
          return
        end
        local.get $s
        i32.const 1
        i32.add
        local.set $s
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $l
      end
    end
    i32.const 0)

  ;; for (i = 0; i < n && s[i+3] != (c & 255); i++); return i (a signed
  ;; counter, an address that is an invariant plus the counter)
  (func $index (export "index") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $i i32)
    block $out
      loop $l
        local.get $i
        local.get $n
        i32.ge_s
        br_if $out
        local.get $s
        local.get $i
        i32.add
        i32.load8_u offset=3
        local.get $c
        i32.const 255
        i32.and
        i32.eq
        br_if $out
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $l
      end
    end
    local.get $i)

  ;; musl's memchr word loop for a zero byte: while n > 3 and no byte of
  ;; *w is 0 (the HASZERO trick): w++, n -= 4
  (func $wordzero (export "wordzero") (param $p i32) (param $c i32) (param $n i32) (result i32)
    (local $w i32)
    block $out
      local.get $n
      i32.const 4
      i32.lt_u
      br_if $out
      loop $l
        local.get $p
        i32.load
        local.tee $w
        i32.const -1
        i32.xor
        local.get $w
        i32.const 0x01010101
        i32.sub
        i32.and
        i32.const 0x80808080
        i32.and
        br_if $out
        local.get $p
        i32.const 4
        i32.add
        local.set $p
        local.get $n
        i32.const 4
        i32.sub
        local.tee $n
        i32.const 3
        i32.gt_u
        br_if $l
      end
    end
    local.get $p
    local.get $n
    i32.const 20
    i32.shl
    i32.xor)

  ;; musl's strchrnul word loop, rotated: HASZERO(w ^ k) on the word
  ;; loaded before, then the next word loaded and HASZERO(w) tested
  (func $wordchr (export "wordchr") (param $p i32) (param $c i32) (param $n i32) (result i32)
    (local $w i32) (local $k i32) (local $x i32)
    local.get $c
    i32.const 0x01010101
    i32.mul
    local.set $k
    local.get $p
    i32.load
    local.set $w
    block $out
      loop $l
        local.get $w
        local.get $k
        i32.xor
        local.tee $x
        i32.const -1
        i32.xor
        local.get $x
        i32.const 0x01010101
        i32.sub
        i32.and
        i32.const 0x80808080
        i32.and
        br_if $out
        local.get $p
        i32.const 4
        i32.add
        local.tee $p
        i32.load
        local.tee $w
        i32.const -1
        i32.xor
        local.get $w
        i32.const 0x01010101
        i32.sub
        i32.and
        i32.const 0x80808080
        i32.and
        i32.eqz
        br_if $l
      end
    end
    local.get $p)

;; a byte loop counting down to zero, tested after the decrement, that
  ;; stops at a negative byte (sign-extended) or at a newline
  (func $countdown (export "countdown") (param $p i32) (param $c i32) (param $n i32) (result i32)
    (local $b i32)
    block $out
      loop $l
        local.get $p
        i32.load8_s
        local.tee $b
        i32.const 0
        i32.lt_s
        br_if $out
        local.get $b
        i32.const 10
        i32.eq
        br_if $out
        local.get $p
        i32.const 1
        i32.add
        local.set $p
        local.get $n
        i32.const 1
        i32.sub
        local.tee $n
        br_if $l
      end
    end
    local.get $p
    local.get $n
    i32.const 20
    i32.shl
    i32.xor)

  ;; stops at the bytes b with b & 7 == 5: 32 ranges, too many to test
  ;; lane-wise, so it stays scalar
  (func $scattered (export "scattered") (param $p i32) (param $c i32) (param $n i32) (result i32)
    block $out
      loop $l
        local.get $p
        i32.load8_u
        i32.const 7
        i32.and
        i32.const 5
        i32.eq
        br_if $out
        local.get $p
        i32.const 1
        i32.add
        local.set $p
        br $l
      end
    end
    local.get $p)
;; for (; n >= 4 && (*w & 0x80808080) == 0x80808080; w++, n -= 4): a
  ;; comparison's mask leaves the loop
  (func $wordmask (export "wordmask") (param $p i32) (param $c i32) (param $n i32) (result i32)
    block $out
      loop $l
        local.get $n
        i32.const 4
        i32.lt_u
        br_if $out
        local.get $p
        i32.load
        i32.const 0x80808080
        i32.and
        i32.const 0x80808080
        i32.ne
        br_if $out
        local.get $p
        i32.const 4
        i32.add
        local.set $p
        local.get $n
        i32.const 4
        i32.sub
        local.set $n
        br $l
      end
    end
    local.get $p
    local.get $n
    i32.const 20
    i32.shl
    i32.xor)

  ;; do w = *p++ while ((w & 0x80808080) == 0x80808080 & (w >> 1)): the
  ;; loop goes on while a mask combined with a plain value is not 0
  (func $wordall (export "wordall") (param $p i32) (param $c i32) (param $n i32) (result i32)
    (local $w i32)
    loop $l
      local.get $p
      i32.load offset=1
      local.tee $w
      i32.const 0x80808080
      i32.and
      i32.const 0x80808080
      i32.eq
      local.get $w
      i32.const 1
      i32.shr_u
      i32.and
      local.get $p
      i32.const 4
      i32.add
      local.set $p
      br_if $l
    end
    local.get $p)
;; the rotated word loop entered with a byte of its caller's choosing,
  ;; not necessarily the one before the first it loads
  (func $wordfrom (export "wordfrom") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $p i32) (local $ch i32)
    local.get $s
    local.set $p
    local.get $c
    local.set $ch
    block $done
      loop $l
        local.get $ch
        i32.const 48
        i32.sub
        i32.const 10
        i32.lt_u
        local.get $ch
        i32.const 32
        i32.or
        i32.const 97
        i32.sub
        i32.const 26
        i32.lt_u
        i32.or
        i32.eqz
        br_if $done
        local.get $p
        i32.const 1
        i32.add
        local.tee $p
        i32.load8_u
        local.tee $ch
        br_if $l
      end
    end
    local.get $p
    local.get $s
    i32.sub)
;; for (i = n; i < 37 && s[i] != c; i++); return i: a counter up to a
  ;; constant
  (func $upto (export "upto") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $i i32)
    local.get $n
    local.set $i
    block $out
      loop $l
        local.get $i
        i32.const 37
        i32.ge_u
        br_if $out
        local.get $s
        local.get $i
        i32.add
        i32.load8_u
        local.get $c
        i32.eq
        br_if $out
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $l
      end
    end
    local.get $i)

  ;; musl's fourbyte_strstr: hw holds the last four bytes, c the needle;
  ;; for (h = s+3; *++h && hw != c; hw = hw<<8 | *h); return *h ? h-3 : -1
  (func $window (export "window") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $hw i32) (local $h i32) (local $b i32) (local $ne i32)
    (local.set $h (i32.add (local.get $s) (i32.const 3)))
    (local.set $ne (i32.const 1))
    (local.set $hw (i32.or (i32.or (i32.or
      (i32.shl (i32.load8_u (local.get $s)) (i32.const 24))
      (i32.shl (i32.load8_u offset=1 (local.get $s)) (i32.const 16)))
      (i32.shl (i32.load8_u offset=2 (local.get $s)) (i32.const 8)))
      (i32.load8_u offset=3 (local.get $s))))
    (block $done
      (br_if $done (i32.eq (local.get $hw) (local.get $c)))
      (loop $L
        (local.set $b (i32.load8_u (local.tee $h (i32.add (local.get $h) (i32.const 1)))))
        (local.set $ne (i32.ne (local.get $b) (i32.const 0)))
        (br_if $done (i32.eqz (local.get $b)))
        (br_if $L (i32.ne (local.tee $hw (i32.or (i32.shl (local.get $hw) (i32.const 8)) (local.get $b)))
          (local.get $c)))))
    (select (i32.sub (local.get $h) (i32.const 3)) (i32.const -1) (local.get $ne)))

  ;; musl's memcmp: for (; n && *l == *r; n--, l++, r++);
  ;; return n ? *l - *r : 0 (two loads, each following its own pointer)
  (func $memcmp (export "memcmp") (param $l i32) (param $r i32) (param $n i32) (result i32)
    block $out
      loop $L
        local.get $n
        i32.eqz
        br_if $out
        local.get $l
        i32.load8_u
        local.get $r
        i32.load8_u
        i32.ne
        br_if $out
        local.get $l
        i32.const 1
        i32.add
        local.set $l
        local.get $r
        i32.const 1
        i32.add
        local.set $r
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br $L
      end
    end
    (i32.xor
      (select (i32.sub (i32.load8_u (local.get $l)) (i32.load8_u (local.get $r))) (i32.const 0) (local.get $n))
      (i32.shl (local.get $n) (i32.const 12))))

  ;; an LZ77 match extension: for (i = 0; i < n && s[i+2] == c[i+2]; i++);
  ;; return i (one counter, two invariant bases)
  (func $extend (export "extend") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $i i32)
    block $out
      loop $L
        local.get $i
        local.get $n
        i32.ge_u
        br_if $out
        local.get $c
        local.get $i
        i32.add
        i32.load8_u offset=2
        local.get $s
        local.get $i
        i32.add
        i32.load8_u offset=2
        i32.eq
        i32.eqz
        br_if $out
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $L
      end
    end
    local.get $i)

  ;; words: for (; n >= 4 && *w == *v; w++, v++, n -= 4); (signed loads of
  ;; bytes would do as well: the access is the same on both sides)
  (func $wordcmp (export "wordcmp") (param $w i32) (param $v i32) (param $n i32) (result i32)
    block $out
      loop $L
        local.get $n
        i32.const 4
        i32.lt_u
        br_if $out
        local.get $w
        i32.load
        local.get $v
        i32.load
        i32.ne
        br_if $out
        local.get $w
        i32.const 4
        i32.add
        local.set $w
        local.get $v
        i32.const 4
        i32.add
        local.set $v
        local.get $n
        i32.const 4
        i32.sub
        local.set $n
        br $L
      end
    end
    local.get $w
    local.get $n
    i32.const 20
    i32.shl
    i32.xor)

  ;; two loads of different sizes stay scalar
  (func $mixedcmp (export "mixedcmp") (param $w i32) (param $v i32) (param $n i32) (result i32)
    block $out
      loop $L
        local.get $w
        i32.load8_u
        local.get $v
        i32.load16_u
        i32.ne
        br_if $out
        local.get $w
        i32.const 1
        i32.add
        local.set $w
        local.get $v
        i32.const 1
        i32.add
        local.set $v
        br $L
      end
    end
    local.get $w)

  ;; the match extension as clang writes it: the counter stepped, then
  ;; compared with the limit for inequality
  (func $extendne (export "extendne") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $i i32)
    block $out
      loop $L
        local.get $c
        local.get $i
        i32.add
        i32.load8_u
        local.get $s
        local.get $i
        i32.add
        i32.load8_u
        i32.ne
        br_if $out
        local.get $i
        i32.const 1
        i32.add
        local.tee $i
        local.get $n
        i32.ne
        br_if $L
      end
    end
    local.get $i)

  ;; a match extension inside a loop over three starts: the inner loop's
  ;; exit leads back to its header through the outer loop
  (func $nestedext (export "nestedext") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $k i32) (local $i i32) (local $sum i32)
    loop $outer
      i32.const 0
      local.set $i
      block $out
        loop $L
          (br_if $out (i32.ne (i32.load8_u (i32.add (local.get $s) (local.get $i)))
                              (i32.load8_u (i32.add (local.get $c) (local.get $i)))))
          (br_if $L (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
        end
      end
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 131)) (local.get $i)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $outer (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3)))
    end
    local.get $sum)

  ;; a byte scan inside a loop over three starts stays scalar (nested
  ;; single-load scans are not taken)
  (func $nestedscan (export "nestedscan") (param $s i32) (param $c i32) (param $n i32) (result i32)
    (local $k i32) (local $p i32) (local $sum i32)
    loop $outer
      local.get $s
      local.set $p
      block $out
        loop $L
          (br_if $out (i32.eq (i32.load8_u (local.get $p)) (i32.const 113)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          br $L
        end
      end
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 131)) (local.get $p)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $outer (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3)))
    end
    local.get $sum)
)
