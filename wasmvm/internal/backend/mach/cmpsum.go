package mach

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// A comparison's 0 or 1 that only an addition or an or uses (a count of
// the characters of a class, n += c - '0' < 10; a class test that ors
// two ranges, isalnum) is not materialized on its own: the addition or
// the or performs the comparison and combines its outcome with the other
// operand (OpCmpSet with Sub OpIadd or OpBor, the other operand in C).
// amd64 adds the carry of an unsigned comparison (cmp; adc or sbb: one
// instruction for setcc, movzx and add) and ors a byte set by setcc into
// a 0 or 1 (no movzx); arm64 adds with cinc and ors with csinc (one
// instruction for cset and add or orr). Additions fuse only comparisons
// whose outcome can be the carry (carryCondition).

// cmpSum is a planned comparison sum: the comparison and, for an i64
// addition, the zero extension of its outcome between the two.
type cmpSum struct {
	cmp, ext *ssa.Instr
	other    ssa.Value // the addition's or or's other operand
}

// planCompareSum plans in, the i-th instruction of block b, when it is an
// addition or an or that may perform a comparison of its block, used
// only by it (through a zero extension for an i64 addition): for an or,
// only where the other operand is 0 or 1 as well, so that the result is
// the or of the low bits. planOperands runs it after the other plans; it
// leaves out the operations they took.
func (l *Func) planCompareSum(b *ssa.Block, i int, in *ssa.Instr) {
	if len(in.Args) != 2 || !in.Type.IsInt() || in.Op == ssa.OpBor && in.Type != ssa.TypeI32 || l.taken(in) {
		return
	}
	best := l.summedCompare(b.ID, in, in.Args[1], in.Args[0])
	if s := l.summedCompare(b.ID, in, in.Args[0], in.Args[1]); s != nil && (best == nil || later(b.Instrs[:i], s.cmp, best.cmp)) {
		best = s // the later comparison: its operands live the shorter
	}
	if best == nil {
		return
	}
	if l.sums == nil {
		l.sums = map[*ssa.Instr]cmpSum{}
	}
	l.sums[in] = *best
	l.folded[best.cmp.Results[0]] = true
	if best.ext != nil {
		l.folded[best.ext.Results[0]] = true
	}
}

// later reports whether x comes after y among instrs (both there).
func later(instrs []*ssa.Instr, x, y *ssa.Instr) bool {
	for k := len(instrs) - 1; k >= 0; k-- {
		switch instrs[k] {
		case x:
			return true
		case y:
			return false
		}
	}
	return false
}

// taken reports whether another plan lowers in: as part of an address, a
// test, a memory operand's operation, a read-modify-write, a scaled or
// three-term sum.
func (l *Func) taken(in *ssa.Instr) bool {
	return l.loadInto[in] != nil || l.takenBesidesLoad(in)
}

// takenBesidesLoad reports whether a plan other than a memory operand's
// (planFolds) lowers in.
func (l *Func) takenBesidesLoad(in *ssa.Instr) bool {
	v := in.Results[0]
	return l.inAddress.has(v) || l.tested.has(v) || l.folded.has(v) || l.displaced[in] != nil || l.scaled[in] != nil
}

// summedCompare returns the plan for in (in block b) to perform the
// comparison that defines v, its operand, with other as the operand it
// combines with, or nil.
func (l *Func) summedCompare(b ssa.BlockID, in *ssa.Instr, v, other ssa.Value) *cmpSum {
	var ext *ssa.Instr
	def := l.F.Def(v)
	if def != nil && in.Type == ssa.TypeI64 && def.Op == ssa.OpUextend && def.Block == b && l.uses[v] == 1 {
		ext, v = def, def.Args[0]
		def = l.F.Def(v)
	}
	if def == nil || def.Op != ssa.OpIcmp || def.Block != b || l.uses[v] != 1 || l.fused[v] != nil ||
		l.folded.has(v) || (in.Type == ssa.TypeI64) != (ext != nil) {
		return nil
	}
	if in.Op == ssa.OpBor && !l.boolean(other, 3) || in.Op == ssa.OpIadd && !l.carryCondition(def) {
		return nil
	}
	return &cmpSum{cmp: def, ext: ext, other: other}
}

// carryCondition reports whether comparison cmp leaves its outcome in
// amd64's carry flag, or its complement, as one cmp can: the unsigned
// orders, and == 0 and != 0 (< 1, >= 1). An addition of another
// comparison's outcome (setcc, movzx, add, the operands live up to the
// addition) gained nothing and made sort's merge loop spill: it is not
// fused.
func (l *Func) carryCondition(cmp *ssa.Instr) bool {
	switch cmp.Cond {
	case ssa.CondULt, ssa.CondUGe, ssa.CondUGt, ssa.CondULe:
		return true
	case ssa.CondEq, ssa.CondNe:
		k, ok := l.imm32(cmp.Args[1], SizeOf(l.F.TypeOf(cmp.Args[0])))
		return ok && k == 0
	}
	return false
}

// boolean reports whether v is 0 or 1: a comparison, or an and or or of
// such values (depth bounds the walk).
func (l *Func) boolean(v ssa.Value, depth int) bool {
	def := l.F.Def(v)
	if def == nil || def.Type != ssa.TypeI32 {
		return false
	}
	switch def.Op {
	case ssa.OpIcmp, ssa.OpFcmp:
		return true
	case ssa.OpBor, ssa.OpBand:
		return depth > 0 && l.boolean(def.Args[0], depth-1) && l.boolean(def.Args[1], depth-1)
	}
	return false
}

// compareSum lowers in, planned by planCompareSum, as one OpCmpSet that
// adds or ors its comparison's outcome to the other operand.
func (l *Func) compareSum(bi int, in *ssa.Instr, s cmpSum, m Instr) {
	m.Op, m.Sub, m.Cond, m.To = OpCmpSet, in.Op, s.cmp.Cond, in.Type
	m.Size = SizeOf(l.F.TypeOf(s.cmp.Args[0]))
	m.A = l.reg(bi, s.cmp.Args[0])
	l.secondOperand(bi, &m, s.cmp.Args[1])
	m.C = l.reg(bi, s.other)
	l.emit(bi, m)
}
