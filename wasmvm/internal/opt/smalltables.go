package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// maxCompareCases is the largest number of cases (the default aside) of a
// br_table that SmallBranchTables turns into compares: from four on, one
// indirect jump through a table beats the chain of compares and branches
// (x86 compilers draw the line at the same place).
const maxCompareCases = 3

// SmallBranchTables turns every br_table with at most maxCompareCases
// cases into a chain of conditional branches, case 0 first: the index is
// compared with each case in turn, and the last compare's other edge goes
// to the default. A state machine's switch over three states compiles to
// such a table; its indirect jump is the one branch of the loop that the
// processor predicts poorly, where a chain of direct branches each follow
// their own history. It reports whether it changed anything.
func SmallBranchTables(f *ssa.Func) bool {
	changed := false
	for i := 0; i < len(f.Blocks); i++ { // the chains' blocks are appended
		b := f.Blocks[i]
		term := b.Terminator()
		if term == nil || term.Op != ssa.OpBrTable || len(term.Targets)-1 > maxCompareCases {
			continue
		}
		compareChain(f, b, term)
		changed = true
	}
	return changed
}

// compareChain replaces b's br_table term with compares of its index,
// one block per case after the first.
func compareChain(f *ssa.Func, b *ssa.Block, term *ssa.Instr) {
	index, targets := term.Args[0], term.Targets
	for _, t := range targets {
		removePred(f.Block(t.Block), b.ID)
	}
	b.Instrs = b.Instrs[:len(b.Instrs)-1]
	cases, dflt := targets[:len(targets)-1], targets[len(targets)-1]
	if len(cases) == 0 {
		f.Append(b, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{dflt}})
		return
	}
	at := b
	for k, t := range cases {
		next := dflt
		if k < len(cases)-1 {
			next = ssa.BlockCall{Block: f.NewBlock().ID}
		}
		c := f.Append(at, &ssa.Instr{Op: ssa.OpIconst, Imm: uint64(k)}, ssa.TypeI32).Result()
		eq := f.Append(at, &ssa.Instr{Op: ssa.OpIcmp, Cond: ssa.CondEq, Args: []ssa.Value{index, c}}, ssa.TypeI32).Result()
		f.Append(at, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{eq}, Targets: []ssa.BlockCall{t, next}})
		at = f.Block(next.Block)
	}
}
