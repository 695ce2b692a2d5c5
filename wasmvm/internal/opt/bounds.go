package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// MarkInBounds marks (ssa.InBounds) the loads and stores whose bounds
// check an earlier access makes redundant: walking the dominator tree, it
// remembers for each address value how far past it (static offset plus
// size) a dominating access has reached; an access to the same address
// that ends no further cannot fail, because the dominating one did not,
// and a memory never shrinks, so nothing in between (a call, a
// memory.grow) can make it fail. Only explicitly bounds-checked code
// gains; guard-region code has no checks. The first access of a group
// keeps its check, so a trap still happens at the first access out of
// bounds, as the program order says. An address p+c (a constant c) counts
// as reaching c further from p (see coveredSum). On the same walk, an
// access through a small sum p+c that an access through p dominates
// becomes an access through p at c more offset (foldAddressSum); the sum,
// if nothing else uses it, is left to DeadCode.
func MarkInBounds(f *ssa.Func) { markWith(f, dominators(f)) }

func markWith(f *ssa.Func, d *domTree) {
	reach := map[ssa.Value]uint64{}
	otherUse := nonAddressUses(f)
	var visit func(id ssa.BlockID)
	visit = func(id ssa.BlockID) {
		type saved struct {
			addr ssa.Value
			end  uint64
			had  bool
		}
		var undo []saved
		for _, in := range f.Block(id).Instrs {
			if in.Op != ssa.OpLoad && in.Op != ssa.OpStore {
				continue
			}
			foldAddressSum(f, reach, otherUse, in)
			addr, end := in.Args[0], in.Imm+ssa.MemAccess(in.Aux).Size()
			prev, had := reach[addr]
			if had && prev >= end || coveredSum(f, reach, addr, end) {
				in.Aux2 = ssa.InBounds
				continue
			}
			undo = append(undo, saved{addr, prev, had})
			reach[addr] = end
		}
		for _, c := range d.children[id] {
			visit(c)
		}
		for i := len(undo) - 1; i >= 0; i-- {
			if u := undo[i]; u.had {
				reach[u.addr] = u.end
			} else {
				delete(reach, u.addr)
			}
		}
	}
	visit(0)
}

// coveredSum reports whether an access reaching end bytes past addr, where
// addr is the 32-bit sum p + c of a value and a constant, lies within what
// a dominating access through p reached. The sum cannot have wrapped
// around: that access proved p + reach[p] <= the memory's length <= 2^32,
// and c + end <= reach[p] with end > 0 keeps p + c below 2^32.
func coveredSum(f *ssa.Func, reach map[ssa.Value]uint64, addr ssa.Value, end uint64) bool {
	def := f.Def(addr)
	if def == nil || def.Op != ssa.OpIadd || def.Type != ssa.TypeI32 {
		return false
	}
	c := f.Def(def.Args[1])
	if c == nil || c.Op != ssa.OpIconst {
		return false
	}
	r, ok := reach[def.Args[0]]
	return ok && c.Imm+end <= r
}
