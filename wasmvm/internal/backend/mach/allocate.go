package mach

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// Allocation is a lowered function with its register assignment: every
// virtual register has one location (Res.Locations), those that the
// allocator split having been renamed to their pieces in the
// instructions, with moves between pieces before instructions
// (MovesBefore) and on edges (added to the edges' moves).
type Allocation struct {
	*Func
	Res *regalloc.Result
	// Framed says which blocks run with the frame set up when the
	// function sets it up at the start of FrameBlock (shrinkWrapped),
	// nil when it does on entry.
	Framed []bool
	// Saves, when set, says where the function saves its callee-saved
	// registers instead of in its prologue (PlaceSaves).
	Saves *SaveRegions
	// ContextInSlot says that the allocation uses the register that
	// holds the instance context on entry (Target.ContextRegisters): the
	// function saves the context in its frame on entry, reads it from
	// there and restores the register before it returns.
	ContextInSlot bool
}

// Allocate runs the register allocator over l and rewrites l's
// instructions to the pieces of the virtual registers it split.
func Allocate(l *Func, regs *regalloc.RegisterInfo) (*Allocation, error) {
	l.passParamsExplicitly()
	rf := &regalloc.Function{Classes: l.Classes, Blocks: make([]regalloc.Block, len(l.Blocks)), Fixed: l.Fixed}
	if len(l.Share) == len(l.Blocks) {
		rf.Share = l.Share
	}
	params := make([]map[regalloc.VReg]bool, len(l.Blocks))
	// The operands of all instructions share one array (slices of an
	// outgrown one stay valid), as do their results; the arrays are
	// reused from function to function (the result refers to none).
	scratch := allocInputs.Get()
	defer allocInputs.Put(scratch)
	uses, defs, copies := scratch.uses[:0], scratch.defs[:0], scratch.copies[:0]
	total := 0
	for _, b := range l.Blocks {
		total += len(b.Instrs)
	}
	if cap(scratch.instrs) < total {
		scratch.instrs = make([]regalloc.Instr, total)
	}
	instrs := scratch.instrs[:total] // every block's share of one array
	for bi, b := range l.Blocks {
		rb := &rf.Blocks[bi]
		rb.Instrs, instrs = instrs[:0:len(b.Instrs)], instrs[len(b.Instrs):]
		for i := range b.Instrs {
			m := &b.Instrs[i]
			n := len(uses)
			uses = m.appendUses(uses)
			in := regalloc.Instr{Uses: uses[n:len(uses):len(uses)], Call: m.Op == OpCall || m.Op == OpRuntimeCall || m.Op == OpCallIndirect,
				Tied: m.TiedDst(), Commutes: m.Commutes(), Clobbers: l.Clobbered(m)}
			if in.Tied && m.TiedOperand() != m.A {
				// The allocator ties Defs[0] to Uses[0], or with
				// Commutes to Uses[1]: the tied operand goes first,
				// the others keep their order (a stays second).
				u := in.Uses
				k := slices.Index(u, m.TiedOperand())
				copy(u[1:k+1], u[:k])
				u[0] = m.TiedOperand()
			}
			n = len(defs)
			if m.Dst != NoVReg {
				defs = append(defs, m.Dst)
			}
			defs = append(defs, m.RegDefs...)
			in.Defs = defs[n:len(defs):len(defs)]
			n = len(copies)
			for _, e := range m.Edges {
				for k, d := range e.Dsts {
					copies = append(copies, regalloc.Copy{Dst: d, Src: e.Srcs[k]})
				}
			}
			in.Copies = copies[n:len(copies):len(copies)]
			// An edge's moves define the target's parameters on entry
			// to the target (the allocator's view), so that a parameter
			// and the value passed to it on a back edge can share a
			// register.
			for _, e := range m.Edges {
				if len(e.Dsts) == 0 && len(e.Consts) == 0 {
					continue // most edges pass nothing
				}
				if params[e.Target] == nil {
					params[e.Target] = map[regalloc.VReg]bool{}
				}
				for _, d := range e.Dsts {
					params[e.Target][d] = true
				}
				for _, c := range e.Consts {
					params[e.Target][c.Dst] = true
				}
			}
			rb.Instrs = append(rb.Instrs, in)
		}
		rb.Succs = b.Succs
	}
	for bi, ps := range params {
		for p := range ps {
			rf.Blocks[bi].Params = append(rf.Blocks[bi].Params, p)
		}
		slices.Sort(rf.Blocks[bi].Params)
	}
	res, err := regalloc.Allocate(rf, regs)
	scratch.uses, scratch.defs, scratch.copies = uses, defs, copies
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.F.Name, err)
	}
	a := &Allocation{Func: l, Res: res}
	a.renamePieces()
	return a, nil
}

// Clobbered returns the registers that the code for m overwrites besides
// its results and a call's clobbers (Target.Clobbers).
func (l *Func) Clobbered(m *Instr) []regalloc.Reg {
	if l.clobbers == nil {
		return nil
	}
	return l.clobbers(m)
}

// passParamsExplicitly makes every edge assign all of its target's
// parameters: one that an edge leaves unchanged is passed to itself, so
// that the allocator sees it read at the branch and defined on entry, and
// the edge moves it when the allocator put it elsewhere there.
func (l *Func) passParamsExplicitly() {
	for bi := range l.Blocks {
		for i := range l.Blocks[bi].Instrs {
			m := &l.Blocks[bi].Instrs[i]
			for k := range m.Edges {
				e := &m.Edges[k]
				for _, p := range l.F.Block(l.Blocks[e.Target].SSAID).Params {
					if v := regalloc.VReg(p); !slices.Contains(e.Dsts, v) && !e.setsConstant(v) {
						e.Dsts = append(e.Dsts[:len(e.Dsts):len(e.Dsts)], v)
						e.Srcs = append(e.Srcs[:len(e.Srcs):len(e.Srcs)], v)
					}
				}
			}
		}
	}
}

// renamePieces rewrites each operand to the piece of its virtual register
// that the allocator assigned there and adds the moves between pieces on
// edges to the edges' moves.
func (a *Allocation) renamePieces() {
	res := a.Res
	if len(res.Origin) == 0 {
		return
	}
	for _, o := range res.Origin {
		a.Classes = append(a.Classes, a.Classes[o])
		a.Types = append(a.Types, a.Types[o])
	}
	for bi := range a.Blocks {
		b := &a.Blocks[bi]
		for i := range b.Instrs {
			if m := &b.Instrs[i]; a.touchesSplit(bi, m) {
				a.renameInstr(bi, i, m)
			}
		}
	}
}

// MovesBefore returns the parallel move between pieces of split values to
// perform before instruction index of block: dsts[k] = srcs[k].
func (a *Allocation) MovesBefore(block, index int) (dsts, srcs []regalloc.VReg) {
	copies := a.Res.Moves[[2]int{block, index}]
	if len(copies) == 0 {
		return nil, nil
	}
	dsts, srcs = make([]regalloc.VReg, len(copies)), make([]regalloc.VReg, len(copies))
	for k, c := range copies {
		dsts[k], srcs[k] = c.Dst, c.Src
	}
	return dsts, srcs
}

// touchesSplit says whether instruction m of block bi reads or writes a
// split virtual register or takes an edge with moves between pieces.
func (a *Allocation) touchesSplit(bi int, m *Instr) bool {
	res := a.Res
	if m.Dst != NoVReg && res.Split(m.Dst) {
		return true
	}
	for _, p := range m.operands() {
		if *p != NoVReg && res.Split(*p) {
			return true
		}
	}
	for _, e := range m.Edges {
		if len(res.EdgeMoves[[2]int{bi, e.Target}]) > 0 || slices.ContainsFunc(e.Dsts, res.Split) || slices.ContainsFunc(e.Srcs, res.Split) ||
			slices.ContainsFunc(e.Consts, func(c Instr) bool { return res.Split(c.Dst) }) {
			return true
		}
	}
	return slices.ContainsFunc(m.Args, res.Split) || slices.ContainsFunc(m.RegDefs, res.Split)
}

// renameInstr renames the operands of instruction i of block bi, m, to
// the pieces it reads and writes, and adds the moves between pieces to
// its edges.
func (a *Allocation) renameInstr(bi, i int, m *Instr) {
	res := a.Res
	use := func(v regalloc.VReg) regalloc.VReg {
		if v == NoVReg {
			return v
		}
		return res.Piece(bi, i, v, false)
	}
	for _, p := range m.operands() {
		*p = use(*p)
	}
	if m.Dst != NoVReg {
		m.Dst = res.Piece(bi, i, m.Dst, true)
	}
	m.Args = renamed(m.Args, use)
	m.RegDefs = renamed(m.RegDefs, func(v regalloc.VReg) regalloc.VReg { return res.Piece(bi, i, v, true) })
	if m.Edges == nil {
		return
	}
	edges := make([]Edge, len(m.Edges))
	for k, e := range m.Edges {
		entry := func(v regalloc.VReg) regalloc.VReg { return res.EntryPiece(e.Target, v) }
		ne := Edge{Target: e.Target, Dsts: renamed(e.Dsts, entry), Srcs: renamed(e.Srcs, use), Consts: slices.Clone(e.Consts)}
		for c := range ne.Consts {
			ne.Consts[c].Dst = entry(ne.Consts[c].Dst)
		}
		for _, c := range res.EdgeMoves[[2]int{bi, e.Target}] {
			ne.Dsts = append(ne.Dsts, c.Dst)
			ne.Srcs = append(ne.Srcs, c.Src)
		}
		edges[k] = ne
	}
	m.Edges = edges
}

// renamed returns vs with each element mapped by f, in a new slice.
func renamed(vs []regalloc.VReg, f func(regalloc.VReg) regalloc.VReg) []regalloc.VReg {
	if vs == nil {
		return nil
	}
	out := make([]regalloc.VReg, len(vs))
	for i, v := range vs {
		out[i] = f(v)
	}
	return out
}

// Format renders the allocated machine code with the backend's register
// names, for tests.
func (a *Allocation) Format(regName func(regalloc.Reg) string) string {
	var sb strings.Builder
	loc := func(v regalloc.VReg) string {
		l := a.Res.Locations[v]
		if l.Spilled {
			return fmt.Sprintf("[slot%d]", l.Slot)
		}
		return regName(l.Reg)
	}
	for i, b := range a.Blocks {
		fmt.Fprintf(&sb, "L%d:\n", i)
		for j := range b.Instrs {
			if dsts, srcs := a.MovesBefore(i, j); len(dsts) > 0 {
				var mv []string
				for k := range dsts {
					mv = append(mv, loc(dsts[k])+"<-"+loc(srcs[k]))
				}
				sb.WriteString("    moves " + strings.Join(mv, " ") + "\n")
			}
			sb.WriteString("    " + b.Instrs[j].Format(loc) + "\n")
		}
	}
	return sb.String()
}
