package opt

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// ahead appends an instruction to b ahead of its terminator (values the
// loop's body uses, computed before it).
func ahead(f *ssa.Func, b *ssa.Block, in *ssa.Instr, t ssa.Type) ssa.Value {
	f.Define(b, in, t)
	n := len(b.Instrs)
	b.Instrs = append(b.Instrs[:n-1], in, b.Instrs[n-1])
	return in.Result()
}

// Ways the tests compute a fill loop's stored value from x, before the
// loop.
const (
	memsetWord   = iota // (x & 255) * 0x01010101, widened, * 0x100000001 (musl's c64)
	memsetWordOr        // the same with w | w << 32
	byteTimes64         // widen(x & 255) * 0x0101010101010101
	splatConst          // 0x2a2a2a2a or 0x2a2a2a2a2a2a2a2a
	plainX              // x itself: a fill only for byte stores
	otherConst          // 0x12345678: no fill
)

// fillValue computes the stored value of the given way before the loop.
func fillValue(c *loopCtx, way int, t ssa.Type) ssa.Value {
	f, entry := c.f, c.f.Entry()
	k := func(t ssa.Type, x uint64) ssa.Value { return ahead(f, entry, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, t) }
	op := func(o ssa.Op, t ssa.Type, args ...ssa.Value) ssa.Value {
		return ahead(f, entry, &ssa.Instr{Op: o, Args: args}, t)
	}
	widen := func(v ssa.Value) ssa.Value {
		return ahead(f, entry, &ssa.Instr{Op: ssa.OpUextend, Aux: 32, Args: []ssa.Value{v}}, i64)
	}
	b := op(ssa.OpBand, i32, c.x, k(i32, 255))
	switch way {
	case memsetWord, memsetWordOr:
		w := op(ssa.OpImul, i32, b, k(i32, repeatByte32))
		if t == i32 {
			return w
		}
		if way == memsetWord {
			return op(ssa.OpImul, i64, widen(w), k(i64, repeatWord64))
		}
		ww := widen(w)
		return op(ssa.OpBor, i64, ww, op(ssa.OpIshl, i64, ww, k(i64, 32)))
	case byteTimes64:
		if t == i32 {
			return op(ssa.OpImul, i32, k(i32, repeatByte32), b)
		}
		return op(ssa.OpImul, i64, widen(b), k(i64, repeatByte64))
	case splatConst:
		return k(t, 0x2a2a2a2a2a2a2a2a)
	case plainX:
		return c.x
	}
	return k(t, 0x12345678)
}

// fillShape is a fill loop: members stores of size bytes per iteration
// of a value computed one way, going up or down.
type fillShape struct {
	size    uint64
	members int
	way     int
	down    bool
}

func (s fillShape) String() string {
	return fmt.Sprintf("%d-byte x%d way %d down=%v", s.size, s.members, s.way, s.down)
}

// fills reports whether the shape is a fill (else the vector loop stays):
// byte stores fill with any value's low byte.
func (s fillShape) fills() bool {
	return s.size == 1 || s.way != otherConst && s.way != plainX
}

func (s fillShape) build() *ssa.Func {
	step := s.size * uint64(s.members)
	if s.down {
		step = down(uint32(step))
	}
	return countedLoop(step, i32, i32, 0, func(c *loopCtx) ([]ssa.Value, ssa.Value) {
		t, ma := i32, ssa.Mem32
		switch s.size {
		case 1:
			ma = ssa.Mem8U
		case 2:
			ma = ssa.Mem16U
		case 8:
			t, ma = i64, ssa.Mem64
		}
		v := fillValue(c, s.way, t)
		for m := range s.members {
			// musl's order: the first, then the others from the last.
			pos := (s.members - m) % s.members
			c.f.Append(c.body, &ssa.Instr{Op: ssa.OpStore, Aux: uint32(ma), Args: []ssa.Value{c.addr(c.c, uint64(pos)*s.size), v}})
		}
		return nil, c.i
	})
}

func fillShapes() []fillShape {
	var shapes []fillShape
	for _, size := range []uint64{1, 2, 4, 8} {
		for _, members := range []int{1, 4} {
			for way := memsetWord; way <= otherConst; way++ {
				for _, down := range []bool{false, true} {
					shapes = append(shapes, fillShape{size, members, way, down})
				}
			}
		}
	}
	return shapes
}

// TestVectorizeBulkFills checks which store loops become memory.fill:
// those storing one repeated byte, however computed, and byte stores of
// any value (not a word of differing bytes); and that the fills behave as the scalar loop at placements
// that run off the memory's end.
func TestVectorizeBulkFills(t *testing.T) {
	for _, s := range fillShapes() {
		f := s.build()
		Vectorize(f)
		want := 0
		if s.fills() {
			want = 1
		}
		require.Equal(t, want, countOps(f, ssa.OpMemoryFill), "%s: %s", s, f.Format())
	}
	for _, s := range []fillShape{{8, 4, memsetWord, false}, {8, 4, memsetWordOr, true}, {1, 1, plainX, false}, {4, 1, splatConst, true}} {
		c := loopCase{s.String(), s.build, s.size}
		t.Run(s.String(), func(t *testing.T) { checkVectorizes(t, c, 0x1234567a, 1) })
	}
}

// TestVectorizeBulkFillsRandom runs random fill loops at random places
// and trip counts, memory.fill against the scalar loop: the same trap,
// results and memory afterwards.
func TestVectorizeBulkFillsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 7))
	var shapes []fillShape
	for _, s := range fillShapes() {
		if s.fills() {
			shapes = append(shapes, s)
		}
	}
	runs := 4000
	if testing.Short() {
		runs = 1000
	}
	init := randomMemory(rng)
	filled := 0
	for range runs {
		s := shapes[rng.IntN(len(shapes))]
		scalar, bulk := vectorizedPair(t, s.build)
		dst := uint64(rng.IntN(memSize))
		if rng.IntN(3) == 0 {
			dst = memSize - uint64(rng.IntN(600))
		}
		n := uint64(1 + rng.IntN(120))
		args := []uint64{0, 0, dst, n, rng.Uint64() & 0xFFFFFFFF}
		m1, m2 := bytes.Clone(init), bytes.Clone(init)
		r1, trap1, _, err := evalMem(scalar, args, m1)
		require.NoError(t, err)
		r2, trap2, wide, err := evalMem(bulk, args, m2)
		require.NoError(t, err)
		require.Equal(t, trap1, trap2, "%s %v", s, args)
		require.Equal(t, r1, r2, "%s %v", s, args)
		require.True(t, bytes.Equal(m1, m2), "%s %v: memory differs", s, args)
		if wide > 0 {
			filled++
		}
	}
	require.Greater(t, filled, runs/10, "memory.fill ran too rarely")
}
