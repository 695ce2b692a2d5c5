package mach

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// rmwPlan is a read-modify-write: the load and the operation whose
// result the store writes back.
type rmwPlan struct{ load, op *ssa.Instr }

// rmwOp says whether op is an integer operation a read-modify-write
// instruction performs on memory (x86's add, sub, and, or and xor with a
// memory destination); subtraction only with the loaded value first.
func rmwOp(op ssa.Op) bool {
	switch op {
	case ssa.OpIadd, ssa.OpIsub, ssa.OpBand, ssa.OpBor, ssa.OpBxor:
		return true
	}
	return false
}

// planReadModifyWrite finds the loads whose value, changed by one integer
// operation, is stored back where it was read, in one block: counter++ on
// a global, bits[i] |= mask. The store is lowered to OpAluStore, which
// reads, operates and writes memory itself; the load and the operation
// are not lowered. Only instructions without side effects (no memory
// access, call or trap) may come between the load and the store, so
// nothing observes memory in between or traps before the access would.
func (l *Func) planReadModifyWrite() {
	for _, b := range l.F.Blocks {
		for i, load := range b.Instrs {
			if load.Op != ssa.OpLoad || len(load.Results) != 1 || l.uses[load.Results[0]] != 1 {
				continue
			}
			if store, op := l.modifiedStore(b.Instrs[i+1:], load); store != nil {
				l.rmw[store] = rmwPlan{load: load, op: op}
				l.folded[load.Results[0]], l.folded[op.Results[0]] = true, true
			}
		}
	}
}

// modifiedStore returns the store among the instructions after load, and
// the operation between them, when they make a read-modify-write of the
// load's memory.
func (l *Func) modifiedStore(after []*ssa.Instr, load *ssa.Instr) (store, op *ssa.Instr) {
	v := load.Results[0]
	acc := ssa.MemAccess(load.Aux)
	if (load.Type != ssa.TypeI32 || acc != ssa.Mem32) && (load.Type != ssa.TypeI64 || acc != ssa.Mem64) {
		return nil, nil
	}
	for _, in := range after {
		switch {
		case op == nil && slices.Contains(in.Args, v):
			if !rmwOp(in.Op) || in.Type != load.Type || l.uses[in.Results[0]] != 1 || l.scaled[in] != nil ||
				(in.Op == ssa.OpIsub && in.Args[0] != v) || in.Args[0] == in.Args[1] {
				return nil, nil
			}
			op = in
		case op != nil && in.Op == ssa.OpStore && in.Args[1] == op.Results[0]:
			if ssa.MemAccess(in.Aux) != acc || in.Imm != load.Imm || !l.sameAddress(in.Args[0], load.Args[0]) {
				return nil, nil
			}
			return in, op
		case in.Op.HasSideEffects():
			return nil, nil
		}
	}
	return nil, nil
}

// sameAddress reports whether two i32 values are one address: the same
// value or equal constants.
func (l *Func) sameAddress(x, y ssa.Value) bool {
	if x == y {
		return true
	}
	cx, okx := l.constant(x)
	cy, oky := l.constant(y)
	return okx && oky && cx.Op == ssa.OpIconst && cy.Op == ssa.OpIconst && cx.Imm == cy.Imm
}

// aluStore lowers store, planned as read-modify-write p: memory =
// memory <op> operand.
func (l *Func) aluStore(bi int, store *ssa.Instr, p rmwPlan) {
	op := p.op
	m := mi(OpAluStore)
	m.Sub, m.Size, m.Imm, m.Acc = op.Op, SizeOf(op.Type), int64(store.Imm), ssa.MemAccess(store.Aux)
	// The load's check may be what made the store's unnecessary
	// (MarkInBounds): the one access checks unless both needed none.
	m.InBounds = store.Aux2 == ssa.InBounds && p.load.Aux2 == ssa.InBounds
	operand := op.Args[1]
	if operand == p.load.Results[0] {
		operand = op.Args[0]
	}
	if x, ok := l.imm32(operand, m.Size); ok {
		m.Imm2, m.BImm = x, true
	} else {
		m.B = l.reg(bi, operand)
	}
	l.address(bi, &m, store.Args[0])
	l.emit(bi, m)
}
