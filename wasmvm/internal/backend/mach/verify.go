package mach

import (
	"fmt"
	"maps"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// verifyState maps each location to the virtual register of the function
// (not a piece) whose current value it holds.
type verifyState map[verifyLoc]regalloc.VReg

// verifyLoc is a register or spill slot of one class.
type verifyLoc struct {
	class regalloc.Class
	loc   regalloc.Location
}

// Verify checks the allocation by following values through the
// allocated code as the emitters perform it (moves before instructions,
// instructions, edge moves): every operand must find the current value of
// its virtual register in the location of the piece it reads, on every
// path. Edges lead where the emitters jump: past blocks that only jump on
// (Threaded). Calls clobber the registers that t's register set (for
// this function) does not list as callee-saved, other instructions those
// that t.Clobbers lists for them, and every callee-saved
// register the function writes must be one its prologue saves. It is a
// check for tests; the compiler does not run it.
func (a *Allocation) Verify(t *Target) error {
	regs := t.registersFor(a.Func)
	if a.ContextInSlot {
		regs = t.contextRegistersFor(a.Func)
	}
	v := &verifier{a: a, regs: regs, own: len(a.Res.Locations) - len(a.Res.Origin)}
	loopHeaders := a.LoopHeaders()
	for r, l := range a.Res.Locations {
		if !l.Spilled && a.Classes[r] == regalloc.ClassInt && regs.CalleeSaved[l.Reg] && !slices.Contains(a.Res.UsedCalleeSaved, l.Reg) && a.used(regalloc.VReg(r)) {
			return fmt.Errorf("%s: v%d in callee-saved r%d, which the prologue does not save", a.F.Name, r, l.Reg)
		}
	}
	if err := a.verifySaves(); err != nil {
		return fmt.Errorf("%s: %w", a.F.Name, err)
	}
	in := make([]verifyState, len(a.Blocks))
	in[0] = verifyState{}
	work := []int{0}
	queued := make([]bool, len(a.Blocks))
	queued[0] = true
	for len(work) > 0 {
		bi := work[len(work)-1]
		work = work[:len(work)-1]
		queued[bi] = false
		st := maps.Clone(in[bi])
		for j := range a.Blocks[bi].Instrs {
			m := &a.Blocks[bi].Instrs[j]
			dsts, srcs := a.MovesBefore(bi, j)
			if err := v.parallel(st, dsts, srcs); err != nil {
				return fmt.Errorf("%s: block %d instruction %d (%s): moves before: %w", a.F.Name, bi, j, m.Format(nil), err)
			}
			if err := v.instr(st, m); err != nil {
				return fmt.Errorf("%s: block %d instruction %d (%s): %w", a.F.Name, bi, j, m.Format(nil), err)
			}
			for _, e := range m.Edges {
				out := maps.Clone(st)
				if err := v.parallel(out, e.Dsts, e.Srcs); err != nil {
					return fmt.Errorf("%s: block %d instruction %d (%s): edge to %d: %w", a.F.Name, bi, j, m.Format(nil), e.Target, err)
				}
				for _, c := range e.Consts {
					v.write(out, c.Dst)
				}
				if e.Restore { // the caller's values come back
					for l := range out {
						if !l.loc.Spilled && l.class == regalloc.ClassInt && slices.Contains(a.Res.UsedCalleeSaved, l.loc.Reg) {
							delete(out, l)
						}
					}
				}
				// The jumps threaded past assign their targets'
				// parameters in place (no moves), renaming values.
				var err error
				to := a.thread(e.Target, loopHeaders, func(pe Edge) {
					if err == nil {
						err = v.parallel(out, pe.Dsts, pe.Srcs)
					}
				})
				if err != nil {
					return fmt.Errorf("%s: block %d instruction %d (%s): edge to %d, threaded: %w", a.F.Name, bi, j, m.Format(nil), e.Target, err)
				}
				if v.meet(in, to, out) && !queued[to] {
					queued[to] = true
					work = append(work, to)
				}
			}
		}
		if n := len(a.Blocks[bi].Instrs); n == 0 || len(a.Blocks[bi].Instrs[n-1].Edges) == 0 {
			// A block without a branch falls through to its successor.
			for _, s := range a.Blocks[bi].Succs {
				if v.meet(in, s, st) && !queued[s] {
					queued[s] = true
					work = append(work, s)
				}
			}
		}
	}
	return nil
}

type verifier struct {
	a    *Allocation
	regs *regalloc.RegisterInfo
	own  int // virtual registers of the function; pieces come after
}

func (v *verifier) origin(r regalloc.VReg) regalloc.VReg {
	if int(r) < v.own {
		return r
	}
	return v.a.Res.Origin[int(r)-v.own]
}

func (v *verifier) where(r regalloc.VReg) verifyLoc {
	return verifyLoc{v.a.Classes[r], v.a.Res.Locations[r]}
}

// read checks that r's location holds r's value.
func (v *verifier) read(st verifyState, r regalloc.VReg) error {
	if got, ok := st[v.where(r)]; !ok || got != v.origin(r) {
		return fmt.Errorf("v%d (piece v%d) read from %v, which holds v%d (known %v)", v.origin(r), r, v.a.Res.Locations[r], got, ok)
	}
	return nil
}

// write makes r's location the only one holding r's (new) value.
func (v *verifier) write(st verifyState, r regalloc.VReg) {
	o := v.origin(r)
	for l, held := range st {
		if held == o {
			delete(st, l)
		}
	}
	st[v.where(r)] = o
}

// parallel performs dsts[k] = srcs[k] at once. A move between pieces of
// one value adds a copy of it; a move into another value (a block
// parameter) gives that value a new definition, valid where the source
// was.
func (v *verifier) parallel(st verifyState, dsts, srcs []regalloc.VReg) error {
	valid := make([]bool, len(srcs))
	for k, s := range srcs {
		err := v.read(st, s)
		if err != nil && v.origin(dsts[k]) == v.origin(s) {
			return err
		}
		valid[k] = err == nil
	}
	for k, d := range dsts {
		if o := v.origin(d); o != v.origin(srcs[k]) {
			for l, held := range st {
				if held == o {
					delete(st, l)
				}
			}
		}
	}
	for k, d := range dsts {
		delete(st, v.where(d))
		if valid[k] {
			st[v.where(d)] = v.origin(d)
		}
	}
	return nil
}

func (v *verifier) instr(st verifyState, m *Instr) error {
	// The code may write a clobbered register before it reads the
	// operands.
	for _, r := range v.a.Clobbered(m) {
		for l := range st {
			if !l.loc.Spilled && l.loc.Reg == r && slices.Contains(v.regs.Allocatable[l.class], r) {
				delete(st, l)
			}
		}
	}
	for _, u := range m.Uses() {
		if err := v.read(st, u); err != nil {
			return err
		}
	}
	if m.Op == OpCall || m.Op == OpRuntimeCall || m.Op == OpCallIndirect {
		for l := range st {
			if !l.loc.Spilled && !v.regs.CalleeSaved[l.loc.Reg] {
				delete(st, l)
			}
		}
	}
	if m.Dst != NoVReg {
		v.write(st, m.Dst)
	}
	for _, d := range m.RegDefs {
		v.write(st, d)
	}
	return nil
}

// meet narrows block b's entry state to what out agrees with, and says
// whether it changed (or was set for the first time).
func (v *verifier) meet(in []verifyState, b int, out verifyState) bool {
	if in[b] == nil {
		in[b] = maps.Clone(out)
		return true
	}
	changed := false
	for l, held := range in[b] {
		if got, ok := out[l]; !ok || got != held {
			delete(in[b], l)
			changed = true
		}
	}
	return changed
}

// used reports whether some instruction reads or writes v.
func (a *Allocation) used(v regalloc.VReg) bool {
	for _, b := range a.Blocks {
		for i := range b.Instrs {
			if slices.Contains(b.Instrs[i].Uses(), v) || slices.Contains(b.Instrs[i].Defs(), v) {
				return true
			}
		}
	}
	return false
}
