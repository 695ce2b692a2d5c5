package opt

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// Vectorize turns counted loops over arrays into loops over v128 vectors,
// for targets whose backends lower the SIMD instructions (mach.Target's
// SIMD). A loop qualifies when it is one block that jumps back to itself,
// entered from one preheader, with an induction variable i stepping by a
// power of two (either way) up to an invariant limit (i+S != limit, or
// i+S != 0 tested directly), and a body of loads and stores of one
// element width (1, 2, 4 or 8 bytes) at addresses affine in i or in
// another induction variable (a pointer beside a counter), with
// lane-wise arithmetic (vectorOps; narrowOps for bytes and halfwords)
// between them. The accesses of one array must cover the bytes an
// iteration advances exactly, so a body clang unrolled (c[j], c[j+1] per
// iteration) packs its copies into the lanes of one vector. Values
// carried to the next iteration may be vectorizable values of the
// previous one (a shuffle of two vectors) or integer reductions (lanes
// combined after the loop).
//
// The vector loop runs only after checks at the preheader (see
// vecEmitter.checks) show that it behaves as the scalar loop: the trip
// count is known and large enough, every byte it touches is inside the
// memory (so it cannot trap), and no array it stores to overlaps another
// it reads or writes. The scalar loop stays: it runs the whole loop when
// a check fails, and the last iterations (at least one) after the vector
// loop, so values used after the loop come from it unchanged; a loop
// after which no such value is used may leave it none
// (vectorize_tail.go).
// RATIONALE.md ("Why does the vectorizer check at run time, and what
// does it check?") says more. Vectorize reports how many loops it
// vectorized.
func Vectorize(f *ssa.Func) int {
	n := 0
	for _, b := range f.Blocks[:len(f.Blocks)] {
		l, err := matchLoop(f, b)
		if err != nil {
			continue
		}
		if err := l.vectorize(); err == nil {
			n++
		}
	}
	return n
}

// errNotVectorizable says that a loop does not have a form Vectorize
// handles; the wrapped text says which part.
var errNotVectorizable = errors.New("not vectorizable")

// notVectorizable returns an error wrapping errNotVectorizable. Loops are
// rejected by the thousand and the reasons rarely read, so the text is
// formatted only when asked for.
func notVectorizable(format string, args ...any) error {
	return &rejection{format, args}
}

// rejection is a lazily formatted errNotVectorizable.
type rejection struct {
	format string
	args   []any
}

func (r *rejection) Error() string {
	return errNotVectorizable.Error() + ": " + fmt.Sprintf(r.format, r.args...)
}

func (r *rejection) Unwrap() error { return errNotVectorizable }

// vloop is a loop Vectorize works on: the shape matchLoop found and,
// once analyzed, its accesses.
type vloop struct {
	f         *ssa.Func
	body, pre *ssa.Block
	back      int       // index of the back edge in body's brif targets
	iv        int       // index of the exit test's induction variable among body's parameters
	step      uint32    // S, a power of two or its negation
	limit     ssa.Value // invariant: the loop continues while i+S != limit (NoValue: 0)
	cond      ssa.Cond  // CondNe, or the unsigned bound (see bounded) i+S is tested against
	// steps are the steps of every induction variable (parameters that
	// the back edge passes increased by a constant), by parameter index.
	steps map[int]uint32
	next  ssa.Value // i+S

	elem    uint64 // bytes per element: 1, 2, 4 or 8
	lanes   int    // elements per vector
	members int    // g: accesses of one array per iteration
	unroll  int    // scalar iterations per vector iteration: lanes / members
	stride  uint32 // bytes every address advances per iteration (its magnitude when down)
	down    bool   // the addresses decrease from one iteration to the next
	classes []*addrClass
	groups  []*group
	access  map[*ssa.Instr]lane // each load and store: its group and member
}

// The reasons matchLoop rejects most blocks for, made once.
var (
	errNotTwoWayLoop = notVectorizable("not a two-way branch with two predecessors")
	errNoBackEdge    = notVectorizable("no back edge")
)

// matchLoop recognizes a counted single-block loop at b.
func matchLoop(f *ssa.Func, b *ssa.Block) (*vloop, error) {
	term := b.Terminator()
	if term == nil || term.Op != ssa.OpBrif || len(b.Preds) != 2 {
		return nil, errNotTwoWayLoop
	}
	l := &vloop{f: f, body: b, back: -1}
	for k, t := range term.Targets {
		if t.Block == b.ID {
			l.back = k
		}
	}
	if l.back < 0 || term.Targets[1-l.back].Block == b.ID {
		return nil, errNoBackEdge
	}
	for _, p := range b.Preds {
		if p != b.ID {
			l.pre = f.Block(p)
		}
	}
	if l.pre == nil || l.pre.Terminator() == nil || l.pre.Terminator().Op != ssa.OpJump {
		return nil, notVectorizable("no preheader")
	}
	if err := l.matchExit(term); err != nil {
		return nil, err
	}
	return l, nil
}

// matchExit finds the induction variable from the loop's exit test.
func (l *vloop) matchExit(term *ssa.Instr) error {
	next, limit, err := l.exitTest(term)
	if err != nil {
		return err
	}
	iv, step, ok := l.increment(next)
	if !ok || bits.OnesCount32(absStep(step)) != 1 || absStep(step) > 1<<16 {
		return notVectorizable("no increment by a power of two")
	}
	if bounded(l.cond) && (l.cond == ssa.CondUGt || l.cond == ssa.CondUGe) != (int32(step) < 0) {
		return notVectorizable("bound in the direction the induction variable leaves")
	}
	l.iv = -1
	for k, p := range l.body.Params {
		if p == iv && term.Targets[l.back].Args[k] == next {
			l.iv = k
		}
	}
	if l.iv < 0 {
		return notVectorizable("no induction variable")
	}
	l.step, l.limit, l.next = step, limit, next
	l.findSteps()
	return nil
}

// findSteps records every induction variable: a parameter the back edge
// passes as itself plus a constant.
func (l *vloop) findSteps() {
	l.steps = map[int]uint32{}
	for k, p := range l.body.Params {
		if x, step, ok := l.increment(l.backArg(k)); ok && x == p {
			l.steps[k] = step
		}
	}
}

// increment matches v, computed in the body, as x plus a nonzero constant
// (an iadd or an isub of an i32 constant).
func (l *vloop) increment(v ssa.Value) (x ssa.Value, k uint32, ok bool) {
	d := l.f.Def(v)
	if d == nil || d.Block != l.body.ID || d.Type != ssa.TypeI32 || d.Op != ssa.OpIadd && d.Op != ssa.OpIsub {
		return ssa.NoValue, 0, false
	}
	x, c := d.Args[0], d.Args[1]
	if d.Op == ssa.OpIadd && l.isConst(x) {
		x, c = c, x
	}
	kc, isConst := l.constant(c)
	if !isConst || uint32(kc) == 0 {
		return ssa.NoValue, 0, false
	}
	if d.Op == ssa.OpIsub {
		return x, -uint32(kc), true
	}
	return x, uint32(kc), true
}

// absStep is the magnitude of a step, negative ones being two's
// complements.
func absStep(s uint32) uint32 {
	if int32(s) < 0 {
		return -s
	}
	return s
}

// exitTest returns the two sides of the loop's test i+S != limit; a
// branch on i+S itself tests it against 0 (limit ssa.NoValue).
func (l *vloop) exitTest(term *ssa.Instr) (next, limit ssa.Value, err error) {
	l.cond = ssa.CondNe
	if _, _, ok := l.increment(term.Args[0]); ok && l.back == 0 {
		return term.Args[0], ssa.NoValue, nil
	}
	cmp := l.f.Def(term.Args[0])
	if cmp == nil || cmp.Op != ssa.OpIcmp || cmp.Block != l.body.ID || l.f.TypeOf(cmp.Args[0]) != ssa.TypeI32 {
		return ssa.NoValue, ssa.NoValue, notVectorizable("exit test is not an i32 comparison")
	}
	next, limit, l.cond = cmp.Args[0], cmp.Args[1], cmp.Cond
	if l.invariant(next) || l.isConst(next) {
		next, limit, l.cond = limit, next, l.cond.Swapped()
	}
	if l.back == 1 {
		l.cond, _ = l.cond.Negated(true)
	}
	if l.cond != ssa.CondNe && !bounded(l.cond) {
		return ssa.NoValue, ssa.NoValue, notVectorizable("exit test is not i+S != limit nor an unsigned bound")
	}
	if !l.invariant(limit) && !l.isConst(limit) {
		return ssa.NoValue, ssa.NoValue, notVectorizable("limit varies")
	}
	return next, limit, nil
}

// invariant reports whether v is defined outside the loop (and so before
// it: the preheader is the only way in).
func (l *vloop) invariant(v ssa.Value) bool { return l.f.BlockOf(v) != l.body.ID }

func (l *vloop) isConst(v ssa.Value) bool {
	_, ok := l.constant(v)
	return ok
}

// constant returns the bits of v if an iconst defines it.
func (l *vloop) constant(v ssa.Value) (uint64, bool) {
	if d := l.f.Def(v); d != nil && d.Op == ssa.OpIconst {
		return d.Imm, true
	}
	return 0, false
}

// vectorize analyzes the loop's accesses and arithmetic and, when all of
// it has a vector form, builds the vector loop and its checks; a loop that
// only copies becomes a memory.copy (vectorize_bulk.go), one that only
// stores a byte pattern a memory.fill (vectorize_fill.go).
func (l *vloop) vectorize() error {
	if err := l.collectAccesses(); err != nil {
		return err
	}
	if bc, ok := l.matchCopy(); ok {
		l.bulkCopy(bc)
		return nil
	}
	if bc, ok := l.matchFill(); ok {
		l.bulkCopy(bc)
		return nil
	}
	e := newVecEmitter(l)
	if err := e.build(); err != nil {
		return err
	}
	e.commit()
	return nil
}
