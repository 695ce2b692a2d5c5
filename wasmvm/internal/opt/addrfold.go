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
func foldAddressSum(f *ssa.Func, reach map[ssa.Value]uint64, in *ssa.Instr) {
	def := f.Def(in.Args[0])
	if def == nil || def.Op != ssa.OpIadd || def.Type != ssa.TypeI32 {
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
