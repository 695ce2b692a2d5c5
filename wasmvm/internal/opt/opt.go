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
	SmallBranchTables(f)
	// Fold rewrites every operand through Resolve as it visits it: the
	// removal of trivial parameters before it need not walk them.
	removeTrivialParams(f)
	if Fold(f) {
		removeTrivialParams(f)
		Fold(f)
	}
	if ThreadJumps(f) {
		removeTrivialParams(f)
		Fold(f)
	}
	if JoinSelects(f) {
		removeTrivialParams(f)
		Fold(f)
	}
	d := dominators(f) // the passes below keep the control flow as it is, but for Fold after forwarding
	deriveParams(f, d)
	gvnWith(f, d)
	if forwardWith(f, d) && Fold(f) { // a constant read, stored before, feeds folding
		removeTrivialParams(f)
		d = dominators(f)
	}
	conditionsWith(f, d)
	hoistWith(f, d)
	markWith(f, d) // before DeadCode: it may leave address sums unused
	DeadCode(f)
	if err := f.Verify(); err != nil {
		return fmt.Errorf("after optimization: %w", err)
	}
	return nil
}

// incomingEdges lists, per block, the jumps into it: every target of every
// terminator that names it. The lists point into the terminators, so
// passes can edit the arguments through them.
func incomingEdges(f *ssa.Func) [][]*ssa.BlockCall {
	// Count the edges into each block, then cut the lists out of one
	// array (two allocations in all, not one per block).
	counts := make([]int32, len(f.Blocks))
	edges := 0
	for _, b := range f.Blocks {
		if term := b.Terminator(); term != nil {
			for _, t := range term.Targets {
				counts[t.Block]++
			}
			edges += len(term.Targets)
		}
	}
	all := make([]*ssa.BlockCall, edges)
	in := make([][]*ssa.BlockCall, len(f.Blocks))
	next := 0
	for i, n := range counts {
		in[i] = all[next : next : next+int(n)]
		next += int(n)
	}
	for _, b := range f.Blocks {
		if term := b.Terminator(); term != nil {
			for j := range term.Targets {
				t := term.Targets[j].Block
				in[t] = append(in[t], &term.Targets[j])
			}
		}
	}
	return in
}

// removeParams deletes the parameters of b for which drop is true, with
// the matching argument of every jump into b (incoming).
func removeParams(b *ssa.Block, incoming []*ssa.BlockCall, drop []bool) {
	for _, call := range incoming {
		call.Args = compact(call.Args, drop)
	}
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
