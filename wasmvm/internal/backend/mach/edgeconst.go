package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"

// Constants passed to block parameters are set on the edge that passes
// them (Edge.Consts), into the parameter's location, after the edge's
// moves: a constant is never held in a register before the branch, nor
// materialized on paths that do not take the edge (a loop's exit edge
// passing 0 costs the loop nothing), and a br_table's cases each set
// their own. The moves read no parameter location a constant writes
// (distinct parameters live at once have distinct locations), so the
// constants go last.

// setsConstant reports whether the edge passes parameter p a constant.
func (e *Edge) setsConstant(p regalloc.VReg) bool {
	for _, c := range e.Consts {
		if c.Dst == p {
			return true
		}
	}
	return false
}
