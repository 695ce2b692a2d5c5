package wattest

// AndNotModule exports ands with a complement: "haszero"(w) is musl's
// HASZERO, (w - 0x01010101) & ~w & 0x80808080 (i32); "andnot64"(a, b) is
// a & ~b (i64); "both"(a, b) is (a & ~b) + (b & ~a) + a (i32, the
// operands live on). "loaded64"(p, a) and "loaded32"(p, a) are a & ~m
// with m loaded from memory at p right before its complement (Go's
// fdMutex.rwunlock, old &^ mutexBit with mutexBit on the stack): a
// complement whose operand is a load amd64 folds into it (xor r, [mem])
// must not lose the load. "store"(p, v) writes v at p.
const AndNotModule = `(module
  (memory 1)
  (func (export "haszero") (param $w i32) (result i32)
    (i32.and (i32.and (i32.sub (local.get $w) (i32.const 0x01010101)) (i32.xor (local.get $w) (i32.const -1)))
      (i32.const 0x80808080)))
  (func (export "andnot64") (param $a i64) (param $b i64) (result i64)
    (i64.and (local.get $a) (i64.xor (local.get $b) (i64.const -1))))
  (func (export "both") (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.add (i32.and (local.get $a) (i32.xor (local.get $b) (i32.const -1)))
      (i32.and (i32.xor (local.get $a) (i32.const -1)) (local.get $b))) (local.get $a)))
  (func (export "loaded64") (param $p i32) (param $a i64) (result i64)
    (i64.and (local.get $a) (i64.xor (i64.const -1) (i64.load offset=8 (local.get $p)))))
  (func (export "loaded32") (param $p i32) (param $a i32) (result i32)
    (i32.and (i32.xor (i32.const -1) (i32.load (local.get $p))) (local.get $a)))
  (func (export "store") (param $p i32) (param $v i64)
    (i64.store (local.get $p) (local.get $v)))
)`
