package wattest

// AndNotModule exports ands with a complement: "haszero"(w) is musl's
// HASZERO, (w - 0x01010101) & ~w & 0x80808080 (i32); "andnot64"(a, b) is
// a & ~b (i64); "both"(a, b) is (a & ~b) + (b & ~a) + a (i32, the
// operands live on).
const AndNotModule = `(module
  (func (export "haszero") (param $w i32) (result i32)
    (i32.and (i32.and (i32.sub (local.get $w) (i32.const 0x01010101)) (i32.xor (local.get $w) (i32.const -1)))
      (i32.const 0x80808080)))
  (func (export "andnot64") (param $a i64) (param $b i64) (result i64)
    (i64.and (local.get $a) (i64.xor (local.get $b) (i64.const -1))))
  (func (export "both") (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.add (i32.and (local.get $a) (i32.xor (local.get $b) (i32.const -1)))
      (i32.and (i32.xor (local.get $a) (i32.const -1)) (local.get $b))) (local.get $a)))
)`
