package opt

import (
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// VectorizeExits speeds up loops that scan memory until a byte or word
// meets a condition (strlen's for (; *s; s++), memchr's word loop with the
// HASZERO trick, a tokenizer's while (isalnum(*p)) p++), for targets whose
// backends lower the SIMD instructions. A loop qualifies when it is a
// chain of blocks from its header back to it, each leaving the loop or
// going on to the next, with pure integer arithmetic, every header
// parameter an induction variable (the back edge passes it plus a
// constant), and one load, of 1 or 4 bytes at an address that one of them
// advances by exactly that size per iteration. Each exit tests either
// the loaded value (a data exit) or an induction variable against an
// invariant (a counter exit).
//
// In front of the loop, a vector loop examines 16 bytes, U = 16/size
// scalar iterations, at a time, while those bytes are inside the memory
// and no counter exit can be taken in those U iterations: it computes per
// lane whether a data exit would be taken (a superset of those lanes is
// enough) and, if no lane would, advances every induction variable by U
// steps, which is what the scalar loop would have done. At the first lane
// that might exit, or when a check fails, it advances them to that lane's
// iteration and enters the scalar loop, which runs from there on
// unchanged and so leaves with exactly its own values. VectorizeExits
// reports how many loops it changed.
func VectorizeExits(f *ssa.Func) int {
	n := 0
	var dom *domTree // computed when first needed, again after each change
	domOf := func() *domTree {
		if dom == nil {
			dom = dominators(f)
		}
		return dom
	}
	for _, h := range f.Blocks[:len(f.Blocks)] {
		l, ok := matchScan(f, h, domOf)
		if !ok {
			continue
		}
		e, ok := newScanEmitter(l)
		if !ok {
			continue
		}
		e.commit()
		dom = nil
		n++
	}
	return n
}

// scanLoop is a loop VectorizeExits works on.
type scanLoop struct {
	f      *ssa.Func
	header *ssa.Block
	domOf  func() *domTree // f's dominator tree
	// nested is set when an exit was told from the way on by dominance:
	// the loop is inside another loop that its exits lead back to
	nested bool
	chain  []*ssa.Block   // header first; the last jumps back to the header
	back   *ssa.BlockCall // the back edge
	steps  []uint32       // per header parameter: its step
	load   *ssa.Instr     // the (first) load
	// pair is a pair loop's second load, or nil.
	pair *scanLoad
	ptr  int // the header parameter the load's address follows
	// rotated is the header parameter the back edge passes the loaded
	// value to (a loop clang rotated: it tests the value loaded by the
	// previous iteration), or -1.
	rotated int
	// window is the header parameter w the back edge passes (w << 8) |
	// the loaded byte (a shift register of the last four bytes, as in
	// musl's fourbyte_strstr), or -1; windowNext is that value.
	window     int
	windowNext ssa.Value
	disp       uint32    // the address is that parameter plus disp
	base       ssa.Value // plus this invariant, or NoValue
	size       uint64    // bytes the load reads: 1 or 4
	exits      []scanExit
	// counters are the counter exits as conditions to go on.
	counters []counterExit
}

// scanExit is one branch out of the loop: the value tested and whether a
// nonzero value leaves (the true target is outside the loop).
type scanExit struct {
	cond      ssa.Value
	leaveTrue bool
	data      bool // it depends on the loaded value, else on induction variables
}

// matchScan recognizes a scan loop with header h.
func matchScan(f *ssa.Func, h *ssa.Block, domOf func() *domTree) (*scanLoop, bool) {
	if h == f.Entry() || len(h.Params) == 0 || len(h.Preds) < 2 {
		return nil, false // not a loop header findChain could accept
	}
	l := &scanLoop{f: f, header: h, domOf: domOf}
	if !l.findChain() || !l.findSteps() || !l.findLoad() || !l.classifyExits() {
		return nil, false
	}
	if l.nested && l.pair == nil {
		// measured: strings' fourbyte window scans nested in their
		// callers' loops find their needles within a few bytes and ran
		// 6% more instructions vectorized
		return nil, false
	}
	return l, true
}

// findChain follows the blocks from the header: each either jumps to the
// next, or branches to the next and out of the loop, until one returns
// to the header. Blocks after the header have one predecessor.
func (l *scanLoop) findChain() bool {
	b := l.header
	for len(l.chain) < 16 {
		if l.in(b.ID) || b != l.header && len(b.Preds) != 1 {
			return false
		}
		l.chain = append(l.chain, b)
		term := b.Terminator()
		if term == nil {
			return false
		}
		var next *ssa.BlockCall
		switch term.Op {
		case ssa.OpJump:
			next = &term.Targets[0]
		case ssa.OpBrif:
			k := l.continuing(term)
			if k < 0 {
				return false
			}
			next = &term.Targets[k]
			l.exits = append(l.exits, scanExit{cond: term.Args[0], leaveTrue: k == 1})
		default:
			return false
		}
		if next.Block == l.header.ID {
			l.back = next
			return len(l.header.Preds) >= 2
		}
		if len(next.Args) != 0 {
			return false
		}
		b = l.f.Block(next.Block)
	}
	return false
}

// continuing returns which target of a two-way branch stays in the loop:
// the header, or a block whose only predecessor is the branch's (the
// other target must be neither). Where both targets lead back to the
// header, an exit of an inner loop may do so through the outer loop:
// only paths inside the blocks the header dominates then count. -1 if
// that is not clear.
func (l *scanLoop) continuing(term *ssa.Instr) int {
	inside := func(ssa.BlockID) bool { return true }
	stays := func(t ssa.BlockCall) bool {
		return t.Block == l.header.ID || len(l.f.Block(t.Block).Preds) == 1 && reaches(l.f, t.Block, l.header.ID, 16, inside)
	}
	s0, s1 := stays(term.Targets[0]), stays(term.Targets[1])
	if s0 && s1 {
		l.nested = true
		dom := l.domOf()
		inside = func(b ssa.BlockID) bool { return dom.dominates(l.header.ID, b) }
		s0, s1 = stays(term.Targets[0]), stays(term.Targets[1])
	}
	switch {
	case s0 && !s1:
		return 0
	case s1 && !s0:
		return 1
	}
	return -1
}

// reaches reports whether from leads to to along a path of at most n
// blocks, each of which inside accepts.
func reaches(f *ssa.Func, from, to ssa.BlockID, n int, inside func(ssa.BlockID) bool) bool {
	var seen []ssa.BlockID // at most n blocks
	var walk func(b ssa.BlockID, depth int) bool
	walk = func(b ssa.BlockID, depth int) bool {
		if b == to {
			return true
		}
		if depth == 0 || slices.Contains(seen, b) || !inside(b) {
			return false
		}
		seen = append(seen, b)
		for _, t := range successors(f.Block(b)) {
			if walk(t.Block, depth-1) {
				return true
			}
		}
		return false
	}
	return walk(from, n)
}

// findSteps checks that the back edge passes every header parameter as
// itself plus an i32 constant, and that the chain computes nothing with
// side effects or traps but its loads.
func (l *scanLoop) findSteps() bool {
	for _, b := range l.chain {
		for _, in := range b.Instrs {
			if !scanOp(in) {
				return false
			}
		}
	}
	l.steps, l.rotated, l.window = make([]uint32, len(l.header.Params)), -1, -1
	for k, p := range l.header.Params {
		if l.f.TypeOf(p) != ssa.TypeI32 {
			return false
		}
		a := l.back.Args[k]
		if a == p {
			continue
		}
		if d := l.f.Def(a); d != nil && d.Op == ssa.OpLoad && l.in(d.Block) {
			if l.rotated >= 0 {
				return false
			}
			l.rotated = k
			continue
		}
		if l.shiftedIn(p, a) {
			if l.window >= 0 {
				return false
			}
			l.window, l.windowNext = k, a
			continue
		}
		x, c, ok := l.affine(a)
		if !ok || x != p {
			return false
		}
		l.steps[k] = c
	}
	return true
}

// scanOp reports whether a scan loop may hold in: integer arithmetic that
// cannot trap, comparisons, scalar loads and the branches.
func scanOp(in *ssa.Instr) bool {
	switch in.Op {
	case ssa.OpIconst, ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpBand, ssa.OpBor, ssa.OpBxor,
		ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr, ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt, ssa.OpBswap,
		ssa.OpIcmp, ssa.OpSelect, ssa.OpIreduce, ssa.OpSextend, ssa.OpUextend, ssa.OpJump, ssa.OpBrif:
		return in.Type != ssa.TypeV128
	case ssa.OpLoad:
		return in.Type.IsInt()
	}
	return false
}

// affine matches v as x plus an i32 constant: x itself, or an iadd or isub
// of x and a constant.
func (l *scanLoop) affine(v ssa.Value) (x ssa.Value, c uint32, ok bool) {
	d := l.f.Def(v)
	if d == nil || d.Type != ssa.TypeI32 || d.Op != ssa.OpIadd && d.Op != ssa.OpIsub {
		return v, 0, l.f.TypeOf(v) == ssa.TypeI32
	}
	x, k := d.Args[0], d.Args[1]
	if d.Op == ssa.OpIadd && isIconst(l.f, x) {
		x, k = k, x
	}
	kc, isConst := iconstOf(l.f, k)
	if !isConst {
		return v, 0, true
	}
	if d.Op == ssa.OpIsub {
		return x, -uint32(kc), true
	}
	return x, uint32(kc), true
}

// shiftedIn reports whether v, computed in the loop, is (p << 8) | x with
// x a load of the loop (findLoad checks that it is the byte loaded).
func (l *scanLoop) shiftedIn(p, v ssa.Value) bool {
	d := l.f.Def(v)
	if d == nil || !l.in(d.Block) || d.Op != ssa.OpBor || d.Type != ssa.TypeI32 {
		return false
	}
	for i, a := range d.Args {
		shl, x := l.f.Def(a), l.f.Def(d.Args[1-i])
		if shl == nil || shl.Op != ssa.OpIshl || shl.Args[0] != p || x == nil || x.Op != ssa.OpLoad {
			continue
		}
		if k, ok := iconstOf(l.f, shl.Args[1]); ok && k&31 == 8 {
			return true
		}
	}
	return false
}

// param returns the index of v among the header's parameters, or -1.
func (l *scanLoop) param(v ssa.Value) int { return slices.Index(l.header.Params, v) }

// invariant reports whether v is defined outside the loop.
func (l *scanLoop) invariant(v ssa.Value) bool { return !l.in(l.f.BlockOf(v)) }

// in reports whether block id is one of the chain's (at most 16).
func (l *scanLoop) in(id ssa.BlockID) bool {
	for _, b := range l.chain {
		if b.ID == id {
			return true
		}
	}
	return false
}

// findLoad finds the loop's loads and checks that each address is an
// induction variable plus a constant, advancing by the load's size. A
// loop has one load, or two of the same access for a pair loop (see
// vectorize_exit_pair.go).
func (l *scanLoop) findLoad() bool {
	for _, b := range l.chain {
		for _, in := range b.Instrs {
			switch {
			case in.Op != ssa.OpLoad:
			case l.load == nil:
				l.load = in
			case l.pair == nil:
				l.pair = &scanLoad{in: in}
			default:
				return false
			}
		}
	}
	if l.load == nil {
		return false
	}
	if l.rotated >= 0 && l.back.Args[l.rotated] != l.load.Result() {
		return false
	}
	if l.window >= 0 && (l.rotated >= 0 || ssa.MemAccess(l.load.Aux) != ssa.Mem8U ||
		!slices.Contains(l.f.Def(l.windowNext).Args, l.load.Result())) {
		return false
	}
	l.size = ssa.MemAccess(l.load.Aux).Size()
	if l.size != 1 && l.size != 4 || l.load.Type != ssa.TypeI32 {
		return false
	}
	first, ok := l.loadAddress(l.load)
	if !ok {
		return false
	}
	l.ptr, l.disp, l.base = first.ptr, first.disp, first.base
	return l.pair == nil || l.findPair()
}

// loadAddress parses the address of load in as an induction variable
// advancing by the loop's load size, plus an optional invariant, plus a
// constant.
func (l *scanLoop) loadAddress(in *ssa.Instr) (scanLoad, bool) {
	x, disp, ok := l.affine(in.Args[0])
	a := scanLoad{in: in, base: ssa.NoValue, disp: disp}
	if d := l.f.Def(x); ok && d != nil && d.Op == ssa.OpIadd && l.param(x) < 0 {
		// s[i]: an invariant plus a parameter (plus a constant)
		p, base := d.Args[0], d.Args[1]
		if l.invariant(p) {
			p, base = base, p
		}
		if !l.invariant(base) {
			return a, false
		}
		x, a.base = p, base
	}
	a.ptr = l.param(x)
	if !ok || a.ptr < 0 || uint64(l.steps[a.ptr]) != l.size {
		return a, false
	}
	return a, true
}

// address computes the load's address in b for pointer ptr.
func (l *scanLoop) address(e *scanEmitter, b *ssa.Block, ptr ssa.Value) ssa.Value {
	return l.addressBefore(e, b, ptr, 0)
}

// addressBefore emits into b the load's address k bytes before the
// iteration whose pointer is ptr: one add of disp-k (the same modulo 2^32
// as the address less k, one instruction fewer).
func (l *scanLoop) addressBefore(e *scanEmitter, b *ssa.Block, ptr ssa.Value, k uint64) ssa.Value {
	if l.base != ssa.NoValue {
		ptr = e.op(b, ssa.OpIadd, ssa.TypeI32, ptr, l.base)
	}
	return e.opK(b, ssa.OpIadd, ptr, uint64(l.disp)-k)
}

// classifyExits sorts each exit into a data exit, which depends on the
// loaded value (and constants, and for words invariants), or a counter
// exit, which depends only on induction variables. At least one must be
// a data exit: loops without are the counted vectorizer's.
func (l *scanLoop) classifyExits() bool {
	data := false
	for i := range l.exits {
		x := &l.exits[i]
		switch {
		case l.dependsOn(x.cond, l.load.Result()) || l.pair != nil && l.dependsOn(x.cond, l.pair.in.Result()) || l.rotated >= 0 && l.dependsOn(x.cond, l.header.Params[l.rotated]) ||
			l.window >= 0 && l.dependsOn(x.cond, l.header.Params[l.window]):
			x.data, data = true, true
		case !l.counterTest(*x):
			return false
		}
	}
	return data
}

// dependsOn reports whether the computation of v in the loop uses x.
func (l *scanLoop) dependsOn(v, x ssa.Value) bool {
	if v == x {
		return true
	}
	d := l.f.Def(v)
	if d == nil || l.invariant(v) {
		return false
	}
	return slices.ContainsFunc(d.Args, func(a ssa.Value) bool { return l.dependsOn(a, x) })
}

// isIconst reports whether an iconst defines v.
func isIconst(f *ssa.Func, v ssa.Value) bool {
	_, ok := iconstOf(f, v)
	return ok
}

// iconstOf returns the bits of v if an iconst defines it.
func iconstOf(f *ssa.Func, v ssa.Value) (uint64, bool) {
	if d := f.Def(v); d != nil && d.Op == ssa.OpIconst {
		return d.Imm, true
	}
	return 0, false
}
