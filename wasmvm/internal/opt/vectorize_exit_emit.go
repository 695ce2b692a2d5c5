package opt

import (
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// scanEmitter builds a scan loop's vector loop in four new blocks, joined
// to the function only by commit:
//
//	pre(vars):   the memory's size, constants and splats; jump head(vars)
//	head(vars):  no counter exit can be taken in U iterations and the
//	             16 bytes at the load's address are inside the memory
//	             (and the bytes before them, for a rotated loop)?
//	             body() : header(vars)
//	body():      load them; hits = the lanes that might take a data exit;
//	             hits != 0 ? hit() : head(vars + U*steps)
//	hit():       j = the first hit lane; header(vars + j*steps)
//
// Every jump that entered the scalar loop's header from outside enters
// pre instead; the scalar loop's back edge stays, so once the vector loop
// has handed over (at a lane that exits, or where its checks fail near
// the end) the scalar loop runs on alone. A rotated loop's parameter (and
// a window's) must hold what the load read one iteration (the four
// iterations) before: pre checks that it does on entry (entryChecks) and
// enters the scalar loop where not; after a vector iteration it does, as
// the body reads the next one back from memory.
type scanEmitter struct {
	l                     *scanLoop
	lanes                 int // U: scalar iterations per vector
	pre, head, vbody, hit *ssa.Block
	vars                  []ssa.Value // head's parameters
	addr                  ssa.Value   // head's load address
	vloaded, vprevious    ssa.Value   // body's vectors at addr and before it, once loaded
	hits                  ssa.Value   // body's bitmask of the hit lanes
	// tests are head's checks, each ending a block of its own (head's
	// first), so that each becomes a compare and a branch.
	tests []check
	// entry holds the blocks of pre's checks of a carried parameter
	// (entryChecks), numbered after the tests' blocks
	entry   []*ssa.Block
	entryOK []ssa.Value
	next    []ssa.Value // the variables U iterations on, in body
	atHit   []ssa.Value // and at the first hit lane, in hit
	consts  map[[2]uint64]ssa.Value
	splats  map[[2]uint64]ssa.Value
}

func newScanEmitter(l *scanLoop) (*scanEmitter, bool) {
	n := ssa.BlockID(len(l.f.Blocks))
	e := &scanEmitter{
		l:      l,
		lanes:  int(16 / l.size),
		pre:    &ssa.Block{ID: n},
		head:   &ssa.Block{ID: n + 1},
		vbody:  &ssa.Block{ID: n + 2},
		hit:    &ssa.Block{ID: n + 3},
		consts: map[[2]uint64]ssa.Value{},
		splats: map[[2]uint64]ssa.Value{},
	}
	e.vloaded, e.vprevious = ssa.NoValue, ssa.NoValue
	for _, p := range l.header.Params {
		l.f.AddParam(e.pre, l.f.TypeOf(p))
		e.vars = append(e.vars, l.f.AddParam(e.head, l.f.TypeOf(p)))
	}
	if !e.build() {
		return nil, false
	}
	return e, true
}

// build emits the blocks' instructions but for their terminators.
func (e *scanEmitter) build() bool {
	l := e.l
	memBytes := e.opK(e.pre, ssa.OpIshl, e.extend(e.pre, e.emit(e.pre, &ssa.Instr{Op: ssa.OpMemorySize}, ssa.TypeI32)), 16)
	// the counters first: where one ends the loop within U iterations
	// (short calls of memcmp or memchr), the scalar loop starts at once
	for _, c := range l.counters {
		b := e.checkBlock()
		e.test(b, e.counterCheck(b, c, e.vars))
	}
	b := e.checkBlock()
	e.addr = l.address(e, b, e.vars[l.ptr])
	start := e.extend(b, e.addr)
	end := e.opK(b, ssa.OpIadd, start, l.load.Imm+16)
	e.test(b, e.icmp(b, ssa.CondULe, end, memBytes))
	if l.rotated >= 0 {
		b := e.checkBlock()
		e.test(b, e.icmp(b, ssa.CondUGe, start, e.konst(ssa.TypeI64, l.size)))
	}
	if l.window >= 0 {
		b := e.checkBlock()
		e.test(b, e.icmp(b, ssa.CondUGe, start, e.konst(ssa.TypeI64, 4)))
	}
	pairAddr := ssa.NoValue
	if l.pair != nil {
		pairAddr = e.pairInMemory(memBytes)
	}
	var mask ssa.Value
	var found bool
	if l.pair != nil {
		mask, found = e.pairHits(pairAddr)
	} else {
		mask, found = e.hitLanes()
	}
	if !found {
		return false
	}
	shape := ssa.ShapeI8x16
	if l.size == 4 {
		shape = ssa.ShapeI32x4
	}
	e.hits = e.bitmask(shape, mask)
	e.next = e.advance(e.vbody, ssa.NoValue, uint64(e.lanes))
	first := e.emit(e.hit, &ssa.Instr{Op: ssa.OpCtz, Args: []ssa.Value{e.hits}}, ssa.TypeI32)
	e.atHit = e.advance(e.hit, first, 0)
	// a carried parameter holds, in every vector iteration, what the
	// scalar loop's would (entryChecks): at the hit lane it is read back
	// from memory like the next iteration's
	if r := l.rotated; r >= 0 {
		e.next[r] = e.lastLoaded()
		e.atHit[r] = e.loadBefore(e.hit, e.atHit[l.ptr])
	}
	if w := l.window; w >= 0 {
		e.next[w] = e.windowBefore(e.vbody, e.next[l.ptr])
		e.atHit[w] = e.windowBefore(e.hit, e.atHit[l.ptr])
	}
	if l.rotated >= 0 || l.window >= 0 {
		e.entryChecks(memBytes)
	}
	return true
}

// loaded is the vector of the 16 bytes at the load's address.
func (e *scanEmitter) loaded() ssa.Value {
	if e.vloaded == ssa.NoValue {
		e.vloaded = e.vload(e.addr)
	}
	return e.vloaded
}

// previous is the vector of the 16 bytes 1 or 4 bytes before the load's
// address: lane j holds what the rotated parameter holds j iterations on.
func (e *scanEmitter) previous() ssa.Value {
	if e.vprevious == ssa.NoValue {
		e.vprevious = e.vload(e.l.addressBefore(e, e.vbody, e.vars[e.l.ptr], uint64(e.l.size)))
	}
	return e.vprevious
}

func (e *scanEmitter) vload(addr ssa.Value) ssa.Value {
	return e.emit(e.vbody, &ssa.Instr{Op: ssa.OpLoad, Imm: e.l.load.Imm, Aux: uint32(ssa.Mem128), Aux2: ssa.InBounds,
		Args: []ssa.Value{addr}}, ssa.TypeV128)
}

// lastLoaded is the value the U-th iteration loads, for the rotated
// parameter: the last lane of loaded(), extended as the load extends it.
func (e *scanEmitter) lastLoaded() ssa.Value {
	op, shape := ssa.OpVextractLane, ssa.ShapeI32x4
	if e.l.size == 1 {
		shape = ssa.ShapeI8x16
		if ssa.MemAccess(e.l.load.Aux) == ssa.Mem8S {
			op = ssa.OpVextractLaneS
		}
	}
	return e.emit(e.vbody, &ssa.Instr{Op: op, Aux: uint32(shape), Imm: uint64(e.lanes - 1), Args: []ssa.Value{e.loaded()}}, ssa.TypeI32)
}

// loadBefore repeats, in b, the loop's load for the iteration before the
// one whose pointer is ptr: what the rotated parameter holds then.
func (e *scanEmitter) loadBefore(b *ssa.Block, ptr ssa.Value) ssa.Value {
	l := e.l
	addr := l.addressBefore(e, b, ptr, uint64(l.size))
	return e.emit(b, &ssa.Instr{Op: ssa.OpLoad, Imm: l.load.Imm, Aux: l.load.Aux, Aux2: ssa.InBounds,
		Args: []ssa.Value{addr}}, ssa.TypeI32)
}

// check is a block of head's checks and the i32 it branches on.
type check struct {
	block *ssa.Block
	ok    ssa.Value
}

// test records that b ends by going on to the next check (the body after
// the last) when ok is not 0, and to the scalar loop otherwise.
func (e *scanEmitter) test(b *ssa.Block, ok ssa.Value) {
	e.tests = append(e.tests, check{b, ok})
}

// checkBlock returns the block for the next check: head for the first,
// then a new block, numbered after the four blocks newScanEmitter made.
func (e *scanEmitter) checkBlock() *ssa.Block {
	if len(e.tests) == 0 {
		return e.head
	}
	return &ssa.Block{ID: e.hit.ID + ssa.BlockID(len(e.tests))}
}

// advance emits into b the variables n iterations on: vars + n*steps,
// with n an i32 value (or the constant k when n is NoValue).
func (e *scanEmitter) advance(b *ssa.Block, n ssa.Value, k uint64) []ssa.Value {
	out := make([]ssa.Value, len(e.vars))
	for i, v := range e.vars {
		s := e.l.steps[i]
		switch {
		case s == 0:
			out[i] = v
		case n == ssa.NoValue:
			out[i] = e.opK(b, ssa.OpIadd, v, uint64(s)*k)
		default:
			mag, op := absStep(s), ssa.OpIadd
			if int32(s) < 0 {
				op = ssa.OpIsub
			}
			d := n
			if bits.OnesCount32(mag) == 1 {
				d = e.opK(b, ssa.OpIshl, n, log2(uint64(mag)))
			} else {
				d = e.opK(b, ssa.OpImul, n, uint64(mag))
			}
			out[i] = e.op(b, op, ssa.TypeI32, v, d)
		}
	}
	return out
}

// commit joins the vector loop to the function.
func (e *scanEmitter) commit() {
	l, f := e.l, e.l.f
	h, latch := l.header, l.chain[len(l.chain)-1].ID
	f.Blocks = append(f.Blocks, e.pre, e.head, e.vbody, e.hit)
	for _, t := range e.tests[1:] {
		f.Blocks = append(f.Blocks, t.block)
	}
	f.Blocks = append(f.Blocks, e.entry...)
	for _, p := range uniqueIDs(h.Preds) {
		if p == latch {
			continue
		}
		term := f.Block(p).Terminator()
		for i := range term.Targets {
			if term.Targets[i].Block == h.ID {
				term.Targets[i].Block = e.pre.ID
				e.pre.Preds = append(e.pre.Preds, p)
			}
		}
	}
	h.Preds = []ssa.BlockID{latch}
	if e.entry == nil {
		f.Append(e.pre, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: e.head.ID, Args: append([]ssa.Value(nil), e.pre.Params...)}}})
	} else {
		e.commitEntry()
	}
	for i, t := range e.tests {
		pass := e.vbody.ID
		if i+1 < len(e.tests) {
			pass = e.tests[i+1].block.ID
		}
		f.Append(t.block, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{t.ok}, Targets: []ssa.BlockCall{
			{Block: pass}, {Block: h.ID, Args: e.vars}}})
	}
	f.Append(e.vbody, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{e.hits}, Targets: []ssa.BlockCall{
		{Block: e.hit.ID}, {Block: e.head.ID, Args: e.next}}})
	f.Append(e.hit, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: h.ID, Args: e.atHit}}})
}

// uniqueIDs returns ids without repetitions, in order.
func uniqueIDs(ids []ssa.BlockID) []ssa.BlockID {
	var out []ssa.BlockID
	seen := map[ssa.BlockID]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// emit appends an instruction with one result of type t (none when t is
// invalid) to b.
func (e *scanEmitter) emit(b *ssa.Block, in *ssa.Instr, t ssa.Type) ssa.Value {
	if t == ssa.TypeInvalid {
		e.l.f.Define(b, in)
	} else {
		e.l.f.Define(b, in, t)
	}
	b.Instrs = append(b.Instrs, in)
	return in.Result()
}

func (e *scanEmitter) op(b *ssa.Block, op ssa.Op, t ssa.Type, args ...ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: op, Args: args}, t)
}

// opK applies op to x and a constant of x's type.
func (e *scanEmitter) opK(b *ssa.Block, op ssa.Op, x ssa.Value, k uint64) ssa.Value {
	t := e.l.f.TypeOf(x)
	if t == ssa.TypeI32 {
		k = uint64(uint32(k))
	}
	if k == 0 && (op == ssa.OpIadd || op == ssa.OpIshl) {
		return x
	}
	return e.op(b, op, t, x, e.konst(t, k))
}

func (e *scanEmitter) icmp(b *ssa.Block, c ssa.Cond, x, y ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: ssa.OpIcmp, Cond: c, Args: []ssa.Value{x, y}}, ssa.TypeI32)
}

func (e *scanEmitter) extend(b *ssa.Block, x ssa.Value) ssa.Value {
	return e.emit(b, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{x}}, ssa.TypeI64)
}

// konst is an integer constant of type t, defined once in pre.
func (e *scanEmitter) konst(t ssa.Type, k uint64) ssa.Value {
	if t == ssa.TypeI32 {
		k = uint64(uint32(k))
	}
	key := [2]uint64{uint64(t), k}
	if v, ok := e.consts[key]; ok {
		return v
	}
	v := e.emit(e.pre, &ssa.Instr{Op: ssa.OpIconst, Imm: k}, t)
	e.consts[key] = v
	return v
}

// vconst is a vector with k in every lane of shape s, defined once in pre.
func (e *scanEmitter) vconst(s ssa.Shape, k uint64) ssa.Value {
	key := [2]uint64{uint64(s), k}
	if v, ok := e.splats[key]; ok {
		return v
	}
	var c ssa.V128
	for i := range s.Lanes() {
		c.SetLane(s, i, k)
	}
	v := e.emit(e.pre, &ssa.Instr{Op: ssa.OpV128const, Imm: c.Lo, Imm2: c.Hi}, ssa.TypeV128)
	e.splats[key] = v
	return v
}

// splat is the invariant x in every lane of shape s, defined once in pre.
func (e *scanEmitter) splat(s ssa.Shape, x ssa.Value) ssa.Value {
	key := [2]uint64{1 << 32, uint64(x)<<8 | uint64(s)}
	if v, ok := e.splats[key]; ok {
		return v
	}
	v := e.emit(e.pre, &ssa.Instr{Op: ssa.OpVsplat, Aux: uint32(s), Args: []ssa.Value{x}}, ssa.TypeV128)
	e.splats[key] = v
	return v
}

// vcmp compares the lanes of shape s of x and y, emitted into the body.
func (e *scanEmitter) vcmp(s ssa.Shape, c ssa.Cond, x, y ssa.Value) ssa.Value {
	return e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVicmp, Aux: uint32(s), Cond: c, Args: []ssa.Value{x, y}}, ssa.TypeV128)
}

// orMasks emits the or of two lane masks of the body, by De Morgan
// where one or both are negations (the lanes that exit where a
// comparison fails): ~a | ~b is ~(a & b) and x | ~b is ~(b &^ x), so that
// the negation, two instructions on amd64, stays on top, where bitmask
// flips the mask's bits instead.
func (e *scanEmitter) orMasks(x, y ssa.Value) ssa.Value {
	notOf := func(v ssa.Value) ssa.Value {
		if d := e.l.f.Def(v); d != nil && d.Op == ssa.OpVnot && d.Block == e.vbody.ID {
			return d.Args[0]
		}
		return ssa.NoValue
	}
	a, b := notOf(x), notOf(y)
	switch {
	case a != ssa.NoValue && b != ssa.NoValue:
		return e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, e.op(e.vbody, ssa.OpVand, ssa.TypeV128, a, b))
	case b != ssa.NoValue:
		return e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, e.op(e.vbody, ssa.OpVandnot, ssa.TypeV128, b, x))
	case a != ssa.NoValue:
		return e.op(e.vbody, ssa.OpVnot, ssa.TypeV128, e.op(e.vbody, ssa.OpVandnot, ssa.TypeV128, a, y))
	}
	return e.op(e.vbody, ssa.OpVor, ssa.TypeV128, x, y)
}

// bitmask emits the bitmask of the lanes of shape s set in mask; of a
// negated mask (the lanes that differ, from a comparison for equality),
// as the bitmask of the comparison with its lanes' bits flipped, which
// spares the vector negation.
func (e *scanEmitter) bitmask(s ssa.Shape, mask ssa.Value) ssa.Value {
	d := e.l.f.Def(mask)
	negated := d != nil && d.Op == ssa.OpVnot && d.Block == e.vbody.ID
	if negated {
		mask = d.Args[0]
	}
	bits := e.emit(e.vbody, &ssa.Instr{Op: ssa.OpVbitmask, Aux: uint32(s), Args: []ssa.Value{mask}}, ssa.TypeI32)
	if !negated {
		return bits
	}
	return e.opK(e.vbody, ssa.OpBxor, bits, 1<<s.Lanes()-1)
}
