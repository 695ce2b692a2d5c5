package wattest

// MaskedShiftsModule exports shifts right by constants masked by
// constants, with the shifted value used again, as lowering turns into
// rotations where the mask clears the bits rotated in: "byteword"(x) is
// ((x >> 3) & 28) + x (a byte set's word offset), "top"(x) is
// ((x >> 24) & 0xff) * 3 + x, "edge"(x) is ((x >> 4) & 0x0fffffff) + x
// (the widest mask that still clears them) and "over"(x) is ((x >> 4) &
// 0x1fffffff) + x (one bit too wide: a shift); "wide"(x) and "wideover"(x)
// are the same as "edge" and "over" on i64 with 60-bit masks; "rot"(x) is
// rotl(x, 7) ^ rotr(x, 13) + x.
const MaskedShiftsModule = `(module
  (func (export "byteword") (param $x i32) (result i32)
    (i32.add (i32.and (i32.shr_u (local.get $x) (i32.const 3)) (i32.const 28)) (local.get $x)))
  (func (export "top") (param $x i32) (result i32)
    (i32.add (i32.mul (i32.and (i32.shr_u (local.get $x) (i32.const 24)) (i32.const 0xff)) (i32.const 3)) (local.get $x)))
  (func (export "edge") (param $x i32) (result i32)
    (i32.add (i32.and (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 0x0fffffff)) (local.get $x)))
  (func (export "over") (param $x i32) (result i32)
    (i32.add (i32.and (i32.shr_u (local.get $x) (i32.const 4)) (i32.const 0x1fffffff)) (local.get $x)))
  (func (export "wide") (param $x i64) (result i64)
    (i64.add (i64.and (i64.shr_u (local.get $x) (i64.const 4)) (i64.const 0x0fffffffffffffff)) (local.get $x)))
  (func (export "wideover") (param $x i64) (result i64)
    (i64.add (i64.and (i64.shr_u (local.get $x) (i64.const 4)) (i64.const 0x1fffffffffffffff)) (local.get $x)))
  (func (export "rot") (param $x i32) (result i32)
    (i32.add (i32.xor (i32.rotl (local.get $x) (i32.const 7)) (i32.rotr (local.get $x) (i32.const 13))) (local.get $x)))
)`
