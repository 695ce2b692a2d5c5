package opt

import (
	"math/bits"
	"slices"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// affine is an i32 address value of the loop as scale*v + base + c for
// induction variable v (the body's parameter iv), wrapping like the i32
// arithmetic that computes it; base is an invariant value or ssa.NoValue.
type affine struct {
	iv    int
	scale uint32
	base  ssa.Value
	c     uint32
}

// affineOf expresses x, computed in the loop, as an affine function of
// the induction variable.
func (l *vloop) affineOf(x ssa.Value) (affine, bool) {
	if k := slices.Index(l.body.Params, x); k >= 0 {
		_, isIV := l.steps[k]
		return affine{iv: k, scale: 1, base: ssa.NoValue}, isIV
	}
	d := l.f.Def(x)
	if d == nil || d.Block != l.body.ID || d.Type != ssa.TypeI32 {
		return affine{}, false
	}
	if y, k, ok := l.increment(x); ok {
		af, isAffine := l.affineOf(y)
		af.c += k
		return af, isAffine
	}
	switch d.Op {
	case ssa.OpIadd:
		a, other := d.Args[0], d.Args[1]
		if l.invariant(a) {
			a, other = other, a
		}
		af, ok := l.affineOf(a)
		if !ok {
			return affine{}, false
		}
		if k, isConst := l.constant(other); isConst {
			af.c += uint32(k)
			return af, true
		}
		if !l.invariant(other) || af.base != ssa.NoValue {
			return affine{}, false
		}
		af.base = other
		return af, true
	case ssa.OpIshl, ssa.OpImul:
		af, ok := l.affineOf(d.Args[0])
		k, isConst := l.constant(d.Args[1])
		if !ok || !isConst || af.base != ssa.NoValue {
			return affine{}, false
		}
		m := uint32(k)
		if d.Op == ssa.OpIshl {
			m = 1 << (k & 31)
		}
		af.scale, af.c = af.scale*m, af.c*m
		return af, af.scale != 0
	}
	return affine{}, false
}

// addrClass is the accesses whose addresses share induction variable,
// scale and base: their byte positions relative to each other are fixed.
type addrClass struct {
	iv    int
	scale uint32
	base  ssa.Value
	cmin  uint32 // the smallest c among the class's accesses
	end   uint64 // the largest position plus the element size
	// start is scale*i0 + base + cmin, computed in the preheader; vaddr
	// the same of the vector loop's induction variable.
	start, vaddr ssa.Value
}

// group is the loads or the stores of one array: members accesses per
// iteration at consecutive positions pos, pos+elem, ..., which together
// cover the S*scale bytes an iteration advances.
type group struct {
	class *addrClass
	pos   uint64 // bytes from the class's start address
	store bool
	first int // body index of the first access
	// lastLoad is, per member, the body index of its last load.
	lastLoad []int
	// storeAt is, per member, the body index of its store.
	storeAt []int
	vec     ssa.Value // the vector load, once emitted
}

// lane names a load's or store's group and member index.
type lane struct {
	g      *group
	member int
}

type memAccess struct {
	in    *ssa.Instr
	index int
	af    affine
	pos   uint64
	class *addrClass
}

// collectAccesses finds the loop's loads and stores, checks that the rest
// of the body has no effects, and arranges the accesses into groups.
func (l *vloop) collectAccesses() error {
	var accs []*memAccess
	var advance uint32 // bytes every address moves per iteration, negative when down
	for k, in := range l.body.Instrs {
		switch {
		case in.Op == ssa.OpLoad || in.Op == ssa.OpStore:
			if l.f.TypeOf(in.Args[0]) != ssa.TypeI32 {
				return notVectorizable("address is not i32")
			}
			af, ok := l.affineOf(in.Args[0])
			if !ok {
				return notVectorizable("address not affine in the induction variable")
			}
			size := ssa.MemAccess(in.Aux).Size()
			if !l.elementAccess(in) {
				return notVectorizable("access of %d bytes", size)
			}
			if l.elem == 0 {
				l.elem, advance = size, af.scale*l.steps[af.iv]
			}
			if size != l.elem || af.scale*l.steps[af.iv] != advance {
				return notVectorizable("mixed element sizes or strides")
			}
			accs = append(accs, &memAccess{in: in, index: k, af: af})
		case in == l.body.Terminator():
		case in.Op.HasSideEffects():
			return notVectorizable("%s in the body", in.Op)
		}
	}
	if len(accs) == 0 {
		return notVectorizable("no memory accesses")
	}
	l.down, l.stride = int32(advance) < 0, absStep(advance)
	stride := uint64(l.stride)
	l.lanes = int(16 / l.elem)
	if stride == 0 || stride%l.elem != 0 || stride > maxStride || (stride > 16 || 16%stride != 0) && stride%16 != 0 {
		return notVectorizable("stride %d", stride)
	}
	chunk := min(stride, 16) // the bytes of a group: a vector's (wide strides), or an iteration's
	l.members = int(chunk / l.elem)
	if l.members > maxMembers {
		return notVectorizable("%d accesses of an array per iteration", l.members)
	}
	l.unroll = l.lanes / l.members
	l.classify(accs)
	return l.formGroups(accs, chunk)
}

// classify sorts the accesses into address classes and computes their
// positions in them.
func (l *vloop) classify(accs []*memAccess) {
	type key struct {
		iv    int
		scale uint32
		base  ssa.Value
	}
	byKey := map[key]*addrClass{}
	for _, a := range accs {
		k := key{a.af.iv, a.af.scale, a.af.base}
		c := byKey[k]
		if c == nil {
			c = &addrClass{iv: a.af.iv, scale: a.af.scale, base: a.af.base, cmin: a.af.c}
			byKey[k] = c
			l.classes = append(l.classes, c)
		}
		a.class = c
		if int32(a.af.c-c.cmin) < 0 {
			c.cmin = a.af.c
		}
	}
	for _, a := range accs {
		a.pos = uint64(a.af.c-a.class.cmin) + a.in.Imm
		a.class.end = max(a.class.end, a.pos+l.elem)
	}
}

// formGroups splits each class's loads and its stores into groups of
// l.members consecutive elements.
func (l *vloop) formGroups(accs []*memAccess, stride uint64) error {
	l.access = map[*ssa.Instr]lane{}
	for _, c := range l.classes {
		for _, store := range []bool{false, true} {
			var mine []*memAccess
			for _, a := range accs {
				if a.class == c && (a.in.Op == ssa.OpStore) == store {
					mine = append(mine, a)
				}
			}
			slices.SortStableFunc(mine, func(a, b *memAccess) int {
				if a.pos != b.pos {
					if a.pos < b.pos {
						return -1
					}
					return 1
				}
				return a.index - b.index
			})
			if err := l.chunk(c, mine, store, stride); err != nil {
				return err
			}
		}
	}
	if len(l.classes) > 8 || len(l.groups) > 16 {
		return notVectorizable("too many arrays")
	}
	return nil
}

// chunk cuts sorted accesses of one kind in class c into groups.
func (l *vloop) chunk(c *addrClass, accs []*memAccess, store bool, stride uint64) error {
	var g *group
	for _, a := range accs {
		if g == nil || a.pos >= g.pos+stride {
			g = &group{class: c, pos: a.pos, store: store, first: a.index,
				lastLoad: make([]int, l.members), storeAt: make([]int, l.members), vec: ssa.NoValue}
			for k := range g.storeAt {
				g.storeAt[k], g.lastLoad[k] = -1, -1
			}
			l.groups = append(l.groups, g)
		}
		off := a.pos - g.pos
		if off%l.elem != 0 {
			return notVectorizable("misaligned member")
		}
		m := int(off / l.elem)
		if store {
			if g.storeAt[m] >= 0 {
				return notVectorizable("two stores to one element")
			}
			g.storeAt[m] = a.index
		} else {
			g.lastLoad[m] = max(g.lastLoad[m], a.index)
		}
		g.first = min(g.first, a.index)
		l.access[a.in] = lane{g, m}
	}
	for _, g := range l.groups {
		for m := range l.members {
			if g.class == c && g.store == store && (store && g.storeAt[m] < 0 || !store && g.lastLoad[m] < 0) {
				return notVectorizable("group with a gap")
			}
		}
	}
	return nil
}

// sameElements reports whether a load group and a store group access the
// same elements in every iteration with each load before the store of
// its element (c[j] += ...): lane by lane the vector loop then reads and
// writes as the scalar loop does, and the two need no overlap check.
func sameElements(load, store *group) bool {
	if load.class != store.class || load.pos != store.pos {
		return false
	}
	for m, s := range store.storeAt {
		if load.lastLoad[m] > s {
			return false
		}
	}
	return true
}

// elementAccess reports whether in, a load or store, accesses a whole
// element: a full-width value, or an i32 loaded from or stored to 8 or 16
// bits (a narrow element: only the value's low bits matter then, see
// narrowOps).
func (l *vloop) elementAccess(in *ssa.Instr) bool {
	switch ssa.MemAccess(in.Aux) {
	case ssa.Mem32, ssa.Mem64:
		return true
	case ssa.Mem8U, ssa.Mem8S, ssa.Mem16U, ssa.Mem16S:
		t := in.Type
		if in.Op == ssa.OpStore {
			t = l.f.TypeOf(in.Args[1])
		}
		return t == ssa.TypeI32
	}
	return false
}

// log2 is the exponent of a power of two.
func log2(x uint64) uint64 { return uint64(bits.TrailingZeros64(x)) }
