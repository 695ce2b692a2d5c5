package opt

import (
	"math"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// maxFoldedSum is the largest constant foldAddressSum moves into a static
// offset: what a memory of at most wasm.MaxInstancePages leaves between
// its last byte and 4 GiB.
const maxFoldedSum = (wasm.MaxMemoryPages - wasm.MaxInstancePages) * 65536

// foldAddressSum turns an access through the 32-bit sum p + c of a value
// and a constant of at most maxFoldedSum into an access through p with c
// more static offset, when an access through p dominates it (reach holds
// p): that access did not trap, so p lies inside the memory, below
// 4 GiB - maxFoldedSum, and p + c cannot have wrapped around, which is the
// one case where the 32-bit sum and the access's 33-bit effective address
// p + offset differ. Code that computes each address of an unrolled loop
// or a structure's fields as p + 1, p + 2, ... (compilers emit the sum
// rather than an offset when they cannot show that it does not wrap) then
// addresses memory as [base + p + offset], without an instruction per sum.
//
// Only sums that nothing but accesses' addresses uses are folded: a sum
// needed anyway, such as a loop's next pointer, is in a register for the
// access at no cost, and folding an access past the loop into its base
// would keep the base alive after the loop and leave the sum to the back
// edge alone (a latch block of its own).
func foldAddressSum(f *ssa.Func, reach map[ssa.Value]uint64, otherUse []bool, in *ssa.Instr) {
	def := f.Def(in.Args[0])
	if def == nil || def.Op != ssa.OpIadd || def.Type != ssa.TypeI32 || otherUse[in.Args[0]] {
		return
	}
	c := f.Def(def.Args[1])
	if c == nil || c.Op != ssa.OpIconst || c.Imm > maxFoldedSum || in.Imm+c.Imm > math.MaxUint32 {
		return
	}
	if _, ok := reach[def.Args[0]]; !ok {
		return
	}
	in.Args[0] = def.Args[0]
	in.Imm += c.Imm
}

// nonAddressUses reports, per value, whether anything but the address
// operand of a load or store uses it: another operand, a jump's argument.
func nonAddressUses(f *ssa.Func) []bool {
	other := make([]bool, f.NumValues())
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			for i, a := range in.Args {
				if i > 0 || in.Op != ssa.OpLoad && in.Op != ssa.OpStore {
					other[a] = true
				}
			}
			for _, t := range in.Targets {
				for _, a := range t.Args {
					other[a] = true
				}
			}
		}
	}
	return other
}
