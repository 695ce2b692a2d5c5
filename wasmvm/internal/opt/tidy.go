package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// Tidy runs the cleanup passes again over a function a later pass added
// code to (Vectorize, whose run-time checks have constant and repeated
// parts and parts invariant in an enclosing loop, and whose unrolled
// copies leave unused values): Fold, GVN, HoistInvariants and DeadCode.
func Tidy(f *ssa.Func) {
	if Fold(f) {
		RemoveTrivialParams(f)
	}
	d := dominators(f)
	gvnWith(f, d)
	hoistWith(f, d)
	DeadCode(f)
}
