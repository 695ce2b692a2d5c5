;; A module with SIMD: the engine runs it where its backend compiles SIMD
;; and elsewhere refuses it with an error backend.IsUnsupported recognizes.
(module
  (func (export "sum") (param i32) (result i32)
    (i32x4.extract_lane 2 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4)))))
