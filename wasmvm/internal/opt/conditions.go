package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// PropagateConditions uses what a conditional branch tells about its
// condition on each of its edges: on the edge it takes when c is not 0,
// c != 0 holds, and if c is the comparison x < y, so does x < y; on the
// other edge the opposite. Those facts hold on the edge's arguments and
// in every block the edge's target dominates, when the edge is the only
// way into it. There a comparison of the same operands whose outcome
// the facts decide (x == y after x < y, x != 0 after x == 0 failed)
// becomes a constant, as does an operand known to be 0.
//
// A loop that keeps a flag computed from the byte it tests (clang's
// `ne = c != 0; if (c == 0) break` with ne passed to the exit) so stops
// computing it: each exit edge passes the constant its branch implies,
// and DeadCode removes the comparison.
func PropagateConditions(f *ssa.Func) { conditionsWith(f, dominators(f)) }

func conditionsWith(f *ssa.Func, d *domTree) {
	p := condProp{f: f, d: d, equalities: make([]int32, f.NumValues())}
	p.visit(0)
}

// maxFacts bounds the facts a lookup searches: the innermost ones, those
// of the nearest branches.
const maxFacts = 32

type condProp struct {
	f     *ssa.Func
	d     *domTree
	facts []fact // the facts of the edges on the dominator-tree path to the block
	// equalities counts, per value, the facts x == y in facts that name
	// it as x or y (constants made during the walk lie beyond it): a
	// value none names is not known to be 0, without a search.
	equalities []int32
}

// operand is a compared value, or a constant of type t (whatever value
// holds it).
type operand struct {
	v       ssa.Value
	k       uint64
	t       ssa.Type
	isConst bool
}

// fact says that x cond y holds.
type fact struct {
	x, y operand
	cond ssa.Cond
}

func (p *condProp) operand(v ssa.Value) operand {
	if d := p.f.Def(v); d != nil && d.Op == ssa.OpIconst {
		return operand{k: d.Imm, t: d.Type, isConst: true}
	}
	return operand{v: v}
}

// zero is the constant 0 of v's type.
func (p *condProp) zero(v ssa.Value) operand {
	return operand{t: p.f.TypeOf(v), isConst: true}
}

func (p *condProp) visit(id ssa.BlockID) {
	b := p.f.Block(id)
	mark := len(p.facts)
	if len(b.Preds) == 1 {
		if t := p.f.Block(b.Preds[0]).Terminator(); t != nil && t.Op == ssa.OpBrif && t.Targets[0].Block != t.Targets[1].Block {
			p.pushEdgeFacts(t.Args[0], t.Targets[0].Block == id)
		}
	}
	var consts []*ssa.Instr
	constant := func(t ssa.Type, bits uint64) ssa.Value {
		in := p.f.Define(b, &ssa.Instr{Op: ssa.OpIconst, Imm: bits}, t)
		consts = append(consts, in)
		return in.Results[0]
	}
	for _, in := range b.Instrs {
		if in.Op == ssa.OpIcmp {
			if t, ok := p.decided(in, p.facts); ok {
				makeConst(in, b2u(t))
				continue
			}
		}
		if in.Op != ssa.OpBrif && in.Op != ssa.OpBrTable {
			p.replaceKnown(in.Args, p.facts, constant)
		}
		for k := range in.Targets {
			if len(in.Targets[k].Args) == 0 {
				continue
			}
			edge := len(p.facts)
			if in.Op == ssa.OpBrif {
				p.pushEdgeFacts(in.Args[0], k == 0)
			}
			p.replaceKnown(in.Targets[k].Args, p.facts, constant)
			p.popFacts(edge)
		}
	}
	if len(consts) > 0 {
		b.Instrs = append(consts, b.Instrs...)
	}
	for _, c := range p.d.children[id] {
		p.visit(c)
	}
	p.popFacts(mark)
}

// pushEdgeFacts appends to p.facts what holds on the edge a branch on c
// takes when c is not 0 (taken) or when it is 0 (edgeFacts), and counts
// the equalities among them.
func (p *condProp) pushEdgeFacts(c ssa.Value, taken bool) {
	n := len(p.facts)
	p.facts = p.edgeFacts(p.facts, c, taken)
	p.countEqualities(n, 1)
}

// popFacts takes the facts after the first n off p.facts.
func (p *condProp) popFacts(n int) {
	p.countEqualities(n, -1)
	p.facts = p.facts[:n]
}

// countEqualities adds by to the counts of the values that the
// equalities among the facts after the first n name.
func (p *condProp) countEqualities(n int, by int32) {
	for i := n; i < len(p.facts); i++ {
		f := &p.facts[i]
		if f.cond != ssa.CondEq {
			continue
		}
		for _, o := range [2]*operand{&f.x, &f.y} {
			if !o.isConst && int(o.v) < len(p.equalities) {
				p.equalities[o.v] += by
			}
		}
	}
}

// edgeFacts appends to facts what holds on the edge a branch on c takes
// when c is not 0 (taken) or when it is 0.
func (p *condProp) edgeFacts(facts []fact, c ssa.Value, taken bool) []fact {
	if p.f.TypeOf(c) != ssa.TypeI32 {
		return facts
	}
	cond := ssa.CondEq
	if taken {
		cond = ssa.CondNe
	}
	facts = append(facts, fact{p.operand(c), p.zero(c), cond})
	d := p.f.Def(c)
	if d == nil || d.Op != ssa.OpIcmp || !isInteger(p.f.TypeOf(d.Args[0])) {
		return facts
	}
	cond = d.Cond
	if !taken {
		cond, _ = d.Cond.Negated(d.Op == ssa.OpIcmp)
	}
	return append(facts, fact{p.operand(d.Args[0]), p.operand(d.Args[1]), cond})
}

// replaceKnown replaces the arguments in args that facts decide (a
// comparison's outcome, a value known to be 0) with constants.
func (p *condProp) replaceKnown(args []ssa.Value, facts []fact, constant func(ssa.Type, uint64) ssa.Value) {
	for i, a := range args {
		d := p.f.Def(a)
		if d != nil && d.Op == ssa.OpIconst {
			continue
		}
		if d != nil && d.Op == ssa.OpIcmp {
			if t, ok := p.decided(d, facts); ok {
				args[i] = constant(ssa.TypeI32, b2u(t))
			}
			continue
		}
		if p.knownZero(a, facts) {
			args[i] = constant(p.f.TypeOf(a), 0)
		}
	}
}

// knownZero reports whether facts say v == 0.
func (p *condProp) knownZero(v ssa.Value, facts []fact) bool {
	x := p.operand(v)
	if !x.isConst && int(v) < len(p.equalities) && p.equalities[v] == 0 {
		return false // no equality names v
	}
	var zero operand // made when a fact names x
	for i := len(facts) - 1; i >= max(0, len(facts)-maxFacts); i-- {
		f := &facts[i]
		if f.cond != ssa.CondEq || f.x != x && f.y != x {
			continue
		}
		if !zero.isConst {
			zero = p.zero(v)
		}
		if f.x == x && f.y == zero || f.y == x && f.x == zero {
			return true
		}
	}
	return false
}

// decided returns the outcome of integer comparison cmp if facts decide
// it.
func (p *condProp) decided(cmp *ssa.Instr, facts []fact) (bool, bool) {
	if !isInteger(p.f.TypeOf(cmp.Args[0])) {
		return false, false
	}
	x, y := p.operand(cmp.Args[0]), p.operand(cmp.Args[1])
	for i := len(facts) - 1; i >= max(0, len(facts)-maxFacts); i-- {
		f := facts[i]
		switch {
		case f.x == x && f.y == y:
			if t, ok := implies(f.cond, cmp.Cond); ok {
				return t, true
			}
		case f.x == y && f.y == x:
			if t, ok := implies(f.cond, cmp.Cond.Swapped()); ok {
				return t, true
			}
		}
	}
	return false, false
}

// Outcomes of an integer comparison of x with y: x less than, equal to,
// or greater than y.
const (
	less = 1 << iota
	equal
	greater
)

// outcomes are the outcomes for which integer condition c holds, and
// the orders it compares in (eq and ne hold in both alike).
func outcomes(c ssa.Cond) (set uint8, signedOrder, unsignedOrder bool) {
	switch c {
	case ssa.CondEq:
		return equal, true, true
	case ssa.CondNe:
		return less | greater, true, true
	case ssa.CondSLt:
		return less, true, false
	case ssa.CondSLe:
		return less | equal, true, false
	case ssa.CondSGt:
		return greater, true, false
	case ssa.CondSGe:
		return greater | equal, true, false
	case ssa.CondULt:
		return less, false, true
	case ssa.CondULe:
		return less | equal, false, true
	case ssa.CondUGt:
		return greater, false, true
	case ssa.CondUGe:
		return greater | equal, false, true
	}
	return 0, false, false
}

// implies returns whether x q y holds when x k y does, if that decides
// it: it holds when every outcome k allows q allows too, and fails when
// q allows none of them.
func implies(k, q ssa.Cond) (bool, bool) {
	ks, kSigned, kUnsigned := outcomes(k)
	qs, qSigned, qUnsigned := outcomes(q)
	if ks == 0 || qs == 0 || !(kSigned && qSigned || kUnsigned && qUnsigned) {
		return false, false
	}
	switch {
	case ks&^qs == 0:
		return true, true
	case ks&qs == 0:
		return false, true
	}
	return false, false
}
