package wattest

// FloatBranchModule exports functions that branch on float orders, which
// the branch compares itself (mach's fuseFloatBranch): "lt64", "le64",
// "gt64", "ge64"(a, b f64) and "lt32", "le32", "gt32", "ge32"(a, b f32)
// return 7 where a op b holds and 9 where not (NaN included), and
// "escape"(x f64) counts the steps, up to 50, of x = x*x - 1.5 while x*x
// <= 4, the shape of mandelbrot's escape loop. The amd64 tests look for
// setcc, the native tests check what they compute.
const FloatBranchModule = `(module
  (func (export "escape") (param $x f64) (result i32) (local $k i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_u (local.get $k) (i32.const 50)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $x (f64.sub (f64.mul (local.get $x) (local.get $x)) (f64.const 1.5)))
        (br_if $l (f64.le (f64.mul (local.get $x) (local.get $x)) (f64.const 4)))))
    (local.get $k))
  (func (export "lt64") (param f64 f64) (result i32)
    (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "le64") (param f64 f64) (result i32)
    (if (result i32) (f64.le (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "gt64") (param f64 f64) (result i32)
    (if (result i32) (f64.gt (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "ge64") (param f64 f64) (result i32)
    (if (result i32) (f64.ge (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "lt32") (param f32 f32) (result i32)
    (if (result i32) (f32.lt (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "le32") (param f32 f32) (result i32)
    (if (result i32) (f32.le (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "gt32") (param f32 f32) (result i32)
    (if (result i32) (f32.gt (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
  (func (export "ge32") (param f32 f32) (result i32)
    (if (result i32) (f32.ge (local.get 0) (local.get 1)) (then (i32.const 7)) (else (i32.const 9))))
)`
