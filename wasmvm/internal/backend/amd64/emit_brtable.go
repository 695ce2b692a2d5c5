package amd64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// jumpTable is a br_table's table of 32-bit offsets from the table's
// start, written after the function's code (emitJumpTables).
type jumpTable struct {
	ref     int // rel32 of the lea that loads the table's address
	entries []tableEntry
}

// tableEntry is where one case goes: a block's label (in the frame state
// of the dispatch, see jumpLabel), or code at a known offset (the case's
// edge moves) when block is -1.
type tableEntry struct {
	block  int
	at     int
	framed bool
}

// brTable dispatches through a table of 32-bit offsets from the table.
// An index past the cases branches to the default's code directly: the
// compare and a predicted branch keep the table load off the compare's
// result, which a clamp to the default entry (cmov) would put on the path
// to the jump's target. The table itself sits after the function's code
// (RATIONALE: "Why are jump tables after the code?").
func (fe *funcEmitter) brTable(m *mach.Instr, block int) {
	e := fe.e
	n := int32(len(m.Edges) - 1) // the last edge is the default
	// The index indexes the table as it is: an i32 register is
	// zero-extended (see linearAddress).
	index := fe.use(m.A, scratchA)
	e.aluRI(aluCmp, 4, index, n)
	toDefault := e.jcc32(ccAE)
	tableRef := e.leaRIP32(scratchB)
	e.loadExt(8, scratchA, mem{base: scratchB, index: int(index), scale: 4}, 4, true)
	e.aluRR(aluAdd, 8, scratchA, scratchB)
	e.jmpR(scratchA)
	table := jumpTable{ref: tableRef, entries: make([]tableEntry, n)}
	for i, ed := range m.Edges {
		isDefault := i == int(n)
		if fe.NoMoves(ed) { // the entry points at the target itself
			target := fe.Threaded(ed.Target, fe.loopHeaders)
			if isDefault {
				fe.jumpFixup(fixup{at: toDefault, block: target})
			} else {
				table.entries[i] = tableEntry{block: target, framed: fe.frames.Framed}
			}
			continue
		}
		e.alignCode(caseAlignment)
		if isDefault {
			e.patch32(toDefault, len(e.b))
		} else {
			table.entries[i] = tableEntry{block: -1, at: len(e.b)}
		}
		fe.edge(ed, -2) // always jump
	}
	fe.jumpTables = append(fe.jumpTables, table)
}

// resolveJumpTables finds where the tables' entries go to, once every
// block's label is known, along with the function's other jumps: finding
// a label may emit code (a return block's copy in another frame state,
// jumpLabel), which must come before the trap stubs it may use.
func (fe *funcEmitter) resolveJumpTables() {
	for _, t := range fe.jumpTables {
		for i, en := range t.entries {
			if en.block >= 0 {
				t.entries[i] = tableEntry{block: -1, at: fe.jumpLabel(fixup{block: en.block, framed: en.framed})}
			}
		}
	}
}

// emitJumpTables writes the br_table tables after the code, 4-byte
// aligned (resolveJumpTables has found their entries).
func (fe *funcEmitter) emitJumpTables() {
	if len(fe.jumpTables) == 0 {
		return
	}
	e := fe.e
	for len(e.b)%4 != 0 {
		e.byte1(0xCC)
	}
	for _, t := range fe.jumpTables {
		start := len(e.b)
		e.patch32(t.ref, start)
		for _, en := range t.entries {
			e.imm32(int32(en.at - start))
		}
	}
}
