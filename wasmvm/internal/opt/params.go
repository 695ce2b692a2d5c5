package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// RemoveTrivialParams removes block parameters that always receive the
// same value, apart from the parameter itself (a loop passing it back
// unchanged), and replaces their uses by that value. The front end creates
// one parameter per local read at every merge point; in code such as Go's
// wasm output, a dispatch loop of deeply nested blocks, most of them are
// trivial, and each would otherwise take a register or a stack slot.
// Removing one can make others trivial, so the pass runs to a fixed point
// (Braun et al., CC 2013, section 3.1, done after construction).
func RemoveTrivialParams(f *ssa.Func) {
	removeTrivialParams(f)
	f.ResolveArgs()
}

// removeTrivialParams is RemoveTrivialParams without the walk that
// rewrites the uses of the removed parameters: for a caller that runs
// Fold next, which rewrites every operand as it visits it.
func removeTrivialParams(f *ssa.Func) {
	// The edges stay the same; removeParams edits their arguments in
	// place.
	incoming := incomingEdges(f)
	for changed := true; changed; {
		changed = false
		for _, b := range f.Blocks[1:] { // the entry's are the function's
			if len(b.Params) == 0 {
				continue
			}
			var drop []bool
			for i, p := range b.Params {
				same, trivial := ssa.NoValue, true
				for _, call := range incoming[b.ID] {
					a := f.Resolve(call.Args[i])
					if a == p || a == same {
						continue
					}
					if same != ssa.NoValue {
						trivial = false
						break
					}
					same = a
				}
				if !trivial || same == ssa.NoValue {
					continue
				}
				f.SetAlias(p, same)
				if drop == nil {
					drop = make([]bool, len(b.Params))
				}
				drop[i] = true
				changed = true
			}
			if drop != nil {
				removeParams(b, incoming[b.ID], drop)
			}
		}
	}
}
