package wattest

// ScaledMulModule exports products by 3, 5 and 9, alone and plus a
// constant, at both widths (m3_32(x) = x*3, m5p_32(x) = x*5 + 1000,
// m9p_64(x) = x*9 - 7, ...): each is one scaled addition once lowered
// (an x86 lea, an arm64 add with lsl). The amd64 tests check the code,
// the native tests what it computes, wraparound included.
const ScaledMulModule = `(module
  (func (export "m3_32") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "m5p_32") (param i32) (result i32) (i32.add (i32.mul (i32.const 5) (local.get 0)) (i32.const 1000)))
  (func (export "m9p_32") (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 9)) (i32.const -7)))
  (func (export "m3p_64") (param i64) (result i64) (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1)))
  (func (export "m5_64") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 5)))
  (func (export "m9p_64") (param i64) (result i64) (i64.add (i64.mul (local.get 0) (i64.const 9)) (i64.const -7))))`
