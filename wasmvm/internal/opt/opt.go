// Package opt holds the compiler's machine-independent passes over SSA
// functions (package ssa). Each pass transforms a function in place and
// keeps the invariants ssa.Func.Verify checks; Optimize runs them in the
// order the backends use.
//
// The passes trust their input to be in SSA form as the front end builds
// it: every use of a value is dominated by its definition.
package opt

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Optimize runs every pass over f.
func Optimize(f *ssa.Func) error {
	RemoveTrivialParams(f)
	DeadCode(f)
	if err := f.Verify(); err != nil {
		return fmt.Errorf("after optimization: %w", err)
	}
	return nil
}

// edgesInto calls fn for every jump into block id: each target of each
// predecessor's terminator that names id. A predecessor listed several
// times (one entry per edge) is visited once, with all its edges.
func edgesInto(f *ssa.Func, b *ssa.Block, fn func(call *ssa.BlockCall)) {
	for i, p := range b.Preds {
		if seen(b.Preds[:i], p) {
			continue
		}
		term := f.Block(p).Terminator()
		if term == nil {
			continue
		}
		for j := range term.Targets {
			if term.Targets[j].Block == b.ID {
				fn(&term.Targets[j])
			}
		}
	}
}

func seen(ids []ssa.BlockID, id ssa.BlockID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// removeParams deletes the parameters of b for which drop is true, with
// the matching argument of every jump into b.
func removeParams(f *ssa.Func, b *ssa.Block, drop []bool) {
	edgesInto(f, b, func(call *ssa.BlockCall) {
		call.Args = compact(call.Args, drop)
	})
	b.Params = compact(b.Params, drop)
}

// compact returns vs without the elements whose drop flag is set, reusing
// its storage.
func compact(vs []ssa.Value, drop []bool) []ssa.Value {
	kept := vs[:0]
	for i, v := range vs {
		if !drop[i] {
			kept = append(kept, v)
		}
	}
	return kept
}
