package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// UncheckedLeafFrame is the largest frame, in bytes, of a leaf function
// (one that calls nothing) that needs no stack check: its frame (and on
// amd64 its return address) fits in the red zone (exec.RedZone) below the
// stack pointer its caller checked, with room to spare for an import
// stub's pushes, which are never stacked on a leaf.
const UncheckedLeafFrame = exec.RedZone / 4

// EntryCheckedFrame is the largest frame, in bytes, of a function that
// may check the stack pointer it was entered with against the limit
// instead of the one below its frame (on amd64 `cmp rsp, limit` instead
// of a `lea` and a compare). Its frame may then reach this far below the
// limit; whatever it calls checks a stack pointer below the limit and
// traps, except an unchecked leaf (UncheckedLeafFrame) or an import stub,
// whose return addresses, frame or pushes still fit in the red zone with
// this frame (TestEntryCheckedFrameFitsRedZone).
const EntryCheckedFrame = exec.RedZone / 4

// Slot is where the calling convention between WebAssembly functions
// puts one argument or result. Every value has its words in the argument
// area, in order (two for a v128); the first exec.NumIntRegs integer and
// the first exec.NumFloatRegs float values travel in registers instead
// (Target.ArgRegisters) and leave their words unused. The area keeps the
// whole layout so that code which wants every value in memory, the stubs
// of host calls and Go's entry, finds a word for each (the amd64 import
// stubs, or Go through exec.Context.IntRegs/FloatRegs, move the register
// values to and from their words).
type Slot struct {
	// Reg is the value's index among its class's argument registers,
	// or -1 when it travels in the area.
	Reg   int
	Float bool
	// Word is the value's first word in the argument area.
	Word int
}

// CallSlots assigns slots to the arguments (or the results) of a call, of
// types ts in order.
func CallSlots(ts []ssa.Type) []Slot {
	slots := make([]Slot, len(ts))
	limit := [...]int{regalloc.ClassInt: exec.NumIntRegs, regalloc.ClassFloat: exec.NumFloatRegs}
	var next [len(limit)]int
	word := 0
	for i, t := range ts {
		c := ClassOf(t)
		s := Slot{Reg: -1, Float: c == regalloc.ClassFloat, Word: word}
		if next[c] < limit[c] {
			s.Reg = next[c]
			next[c]++
		}
		slots[i] = s
		word += Words(t)
	}
	return slots
}

// fixedVReg makes a virtual register of type t pinned to the argument
// register of slot s.
func (l *Func) fixedVReg(t ssa.Type, s Slot) regalloc.VReg {
	v := l.newVReg(t)
	l.Fixed[v] = l.argRegisters[ClassOf(t)][s.Reg]
	return v
}

// copyTo sets virtual register dst to SSA value v: a constant is
// materialized there directly, anything else copied.
func (l *Func) copyTo(bi int, dst regalloc.VReg, v ssa.Value) {
	src := l.reg(bi, v)
	if src != regalloc.VReg(v) { // a constant, just materialized into src
		instrs := l.Blocks[bi].Instrs
		instrs[len(instrs)-1].Dst = dst
		return
	}
	m := mi(OpCopy)
	m.Dst, m.A = dst, src
	l.emit(bi, m)
}

// typesOf returns the types of SSA values.
func (l *Func) typesOf(vs []ssa.Value) []ssa.Type {
	ts := make([]ssa.Type, len(vs))
	for i, v := range vs {
		ts[i] = l.F.TypeOf(v)
	}
	return ts
}

// params takes the entry block's parameters from where the caller put
// them: OpParams defines the register ones on entry, copied out at once
// into the parameters' own virtual registers (which the allocator may
// give the same register), and the others load from the incoming area.
func (l *Func) params(bi int, params []ssa.Value) {
	types := l.typesOf(params)
	entry := mi(OpParams)
	var copies []Instr
	for i, s := range CallSlots(types) {
		p := regalloc.VReg(params[i])
		if s.Reg < 0 {
			continue
		}
		r := l.fixedVReg(types[i], s)
		entry.RegDefs = append(entry.RegDefs, r)
		m := mi(OpCopy)
		m.Dst, m.A = p, r
		copies = append(copies, m)
	}
	l.emit(bi, entry)
	for _, m := range copies {
		l.emit(bi, m)
	}
	for i, s := range CallSlots(types) {
		if s.Reg >= 0 {
			continue
		}
		m := mi(OpParamLoad)
		m.Dst, m.Imm, m.Size, m.Float = regalloc.VReg(params[i]), int64(s.Word), SizeOf(types[i]), s.Float
		l.emit(bi, m)
	}
}

// passValues places the arguments of a call (or the results of a return),
// values of types ts: those for the area are stored there by store
// (OpArgStore; OpRetStore for the incoming area, a return's or a tail
// call's), the others copied into virtual registers pinned to their
// registers, which it returns for the call or return to use. It also
// returns the area words the values take.
func (l *Func) passValues(bi int, values []ssa.Value, ts []ssa.Type, store Op) ([]regalloc.VReg, int) {
	var regs []regalloc.VReg
	words := 0
	slots := CallSlots(ts)
	for i, s := range slots {
		words = s.Word + Words(ts[i])
		if s.Reg >= 0 {
			continue
		}
		m := mi(store)
		m.A, m.Imm, m.Size, m.Float = l.reg(bi, values[i]), int64(s.Word), SizeOf(ts[i]), s.Float
		l.emit(bi, m)
	}
	for i, s := range slots {
		if s.Reg >= 0 {
			r := l.fixedVReg(ts[i], s)
			l.copyTo(bi, r, values[i])
			regs = append(regs, r)
		}
	}
	return regs, words
}

// returnValues lowers a return of values of types ts.
func (l *Func) returnValues(bi int, values []ssa.Value, ts []ssa.Type) {
	ret := mi(OpRet)
	ret.Args, _ = l.passValues(bi, values, ts, OpRetStore)
	l.emit(bi, ret)
}
