package opt

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

func load(b *ssa.Builder, acc ssa.MemAccess, t ssa.Type, addr ssa.Value, off uint64) ssa.Value {
	return b.Emit(&ssa.Instr{Op: ssa.OpLoad, Aux: uint32(acc), Imm: off, Args: []ssa.Value{addr}}, t).Result()
}

func store(b *ssa.Builder, acc ssa.MemAccess, addr ssa.Value, off uint64, v ssa.Value) {
	b.Emit(&ssa.Instr{Op: ssa.OpStore, Aux: uint32(acc), Imm: off, Args: []ssa.Value{addr, v}})
}

func countOps(f *ssa.Func, op ssa.Op) int {
	n := 0
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if in.Op == op {
				n++
			}
		}
	}
	return n
}

// TestForwardMemory checks what is forwarded and what ends a fact: a load
// after a store of the same bytes, or after a load of them, and a global
// read after its write, are gone; a store through another address value,
// a narrow store into the bytes, and a call end the facts they may
// change; facts reach a block with one predecessor but not a join.
func TestForwardMemory(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	c100, c200 := b.Iconst(i32, 100), b.Iconst(i32, 200)
	sum := func(vs ...ssa.Value) ssa.Value {
		s := vs[0]
		for _, v := range vs[1:] {
			s = binary(b, ssa.OpIadd, s, v)
		}
		return s
	}
	store(b, ssa.Mem32, x, 0, y)
	a := load(b, ssa.Mem32, i32, x, 0) // y
	store(b, ssa.Mem32, c100, 0, a)
	store(b, ssa.Mem32, c200, 0, x)
	c := load(b, ssa.Mem32, i32, c100, 0)              // a: 200 is apart from 100
	d := load(b, ssa.Mem32, i32, b.Iconst(i32, 96), 4) // the same bytes, another constant
	store(b, ssa.Mem32, y, 0, x)                       // may write x's bytes, 100's and 200's
	e := load(b, ssa.Mem32, i32, x, 0)                 // read again
	g := load(b, ssa.Mem32, i32, x, 0)                 // e
	store(b, ssa.Mem8U, x, 2, y)                       // writes a byte of e's
	h := load(b, ssa.Mem32, i32, x, 0)                 // read again
	b.Emit(&ssa.Instr{Op: ssa.OpGlobalSet, Aux: 3, Args: []ssa.Value{h}})
	k := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 3}, i32).Result() // h
	s := sum(a, c, d, e, g, h, k)
	then, join := f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{k}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: join.ID}}})
	b.Seal(then)

	b.SetCurrent(then)
	m := load(b, ssa.Mem32, i32, x, 0)                                 // h: then's one predecessor
	n := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 3}, i32).Result() // h
	b.Emit(&ssa.Instr{Op: ssa.OpCall, Aux: 0, Args: []ssa.Value{m}}, i32)
	o := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 3}, i32).Result() // after the call: read
	p := load(b, ssa.Mem32, i32, x, 0)                                 // read
	sum(m, n, o, p)
	b.Jump(join)
	b.Seal(join)

	b.SetCurrent(join)
	q := load(b, ssa.Mem32, i32, x, 0) // two predecessors: read
	ret(b, binary(b, ssa.OpIadd, s, q))
	require.NoError(t, f.Verify())

	ForwardMemory(f)
	require.NoError(t, f.Verify())
	text := f.Format()
	// The loads left: e (after the store through y), h (after the byte
	// store), p (after the call) and q (in the join).
	require.Equal(t, 4, countOps(f, ssa.OpLoad), text)
	require.Equal(t, 1, countOps(f, ssa.OpGlobalGet), text) // o, after the call
	require.Equal(t, 5, countOps(f, ssa.OpStore), text)
}

// TestForwardMemoryRandom compares, on random memories and arguments,
// functions of random loads, stores and global accesses before and
// after ForwardMemory: results, traps and the memory left.
func TestForwardMemoryRandom(t *testing.T) {
	forwarded := 0
	for seed := range uint64(400) {
		f := randomAccesses(seed)
		g := randomAccesses(seed)
		ForwardMemory(g)
		require.NoError(t, g.Verify())
		forwarded += countOps(f, ssa.OpLoad) + countOps(f, ssa.OpGlobalGet) - countOps(g, ssa.OpLoad) - countOps(g, ssa.OpGlobalGet)
		rng := rand.New(rand.NewPCG(seed, 99))
		for range 30 {
			mem := make([]byte, 48)
			for i := range mem {
				mem[i] = byte(rng.Uint32())
			}
			args := []uint64{uint64(rng.IntN(4)) * 4, uint64(rng.IntN(48)), uint64(rng.Uint32())}
			m1, m2 := bytes.Clone(mem), bytes.Clone(mem)
			r1, trap1, _, err := evalMem(f, args, m1)
			require.NoError(t, err)
			r2, trap2, _, err := evalMem(g, args, m2)
			require.NoError(t, err)
			require.Equal(t, trap1, trap2, "seed %d args %v\n%s", seed, args, g.Format())
			require.Equal(t, r1, r2, "seed %d args %v\n%s", seed, args, g.Format())
			if trap1 == 0 {
				require.Equal(t, m1, m2, "seed %d args %v", seed, args)
			}
		}
	}
	require.Greater(t, forwarded, 1000, "the generated functions give the pass work")
}

// randomAccesses builds, from seed, a function of loads, stores and
// global accesses in three blocks (an entry, a branch's target, a join)
// that returns a mix of everything it read. Addresses are the arguments,
// constants and sums that meet them, so that accesses overlap in every
// way.
func randomAccesses(seed uint64) *ssa.Func {
	rng := rand.New(rand.NewPCG(seed, 7))
	f, b := newFunc(i32, i32, i32)
	p := f.Entry().Params
	then, join := f.NewBlock(), f.NewBlock()
	var acc32, acc64 ssa.Value
	var addrs, vals32, vals64 []ssa.Value
	block := func() {
		addrs = []ssa.Value{p[0], p[1], b.Iconst(i32, 0), b.Iconst(i32, 4), b.Iconst(i32, 8),
			b.Iconst(i32, 9), binary(b, ssa.OpIadd, p[0], b.Iconst(i32, 4))}
		vals32 = []ssa.Value{p[2], b.Iconst(i32, uint64(rng.Uint32()))}
		vals64 = []ssa.Value{b.Iconst(i64, rng.Uint64())}
		acc32, acc64 = b.Iconst(i32, 0), b.Iconst(i64, 0)
		for range 6 + rng.IntN(14) {
			addr := addrs[rng.IntN(len(addrs))]
			off := []uint64{0, 0, 1, 2, 4, 8}[rng.IntN(6)]
			switch rng.IntN(9) {
			case 0, 1: // 32-bit load
				v := load(b, ssa.Mem32, i32, addr, off)
				vals32 = append(vals32, v)
				acc32 = binary(b, ssa.OpBxor, acc32, v)
			case 2: // 64-bit load
				v := load(b, ssa.Mem64, i64, addr, off)
				vals64 = append(vals64, v)
				acc64 = binary(b, ssa.OpBxor, acc64, v)
			case 3: // narrow load
				acc32 = binary(b, ssa.OpBxor, acc32, load(b, []ssa.MemAccess{ssa.Mem8U, ssa.Mem16U}[rng.IntN(2)], i32, addr, off))
			case 4, 5: // 32-bit store
				store(b, ssa.Mem32, addr, off, vals32[rng.IntN(len(vals32))])
			case 6: // 64-bit or narrow store
				if rng.IntN(2) == 0 {
					store(b, ssa.Mem64, addr, off, vals64[rng.IntN(len(vals64))])
				} else {
					store(b, []ssa.MemAccess{ssa.Mem8U, ssa.Mem16U}[rng.IntN(2)], addr, off, vals32[rng.IntN(len(vals32))])
				}
			case 7:
				g := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: uint32(rng.IntN(2))}, i32).Result()
				vals32 = append(vals32, g)
				acc32 = binary(b, ssa.OpBxor, acc32, g)
			case 8:
				b.Emit(&ssa.Instr{Op: ssa.OpGlobalSet, Aux: uint32(rng.IntN(2)), Args: []ssa.Value{vals32[rng.IntN(len(vals32))]}})
			}
		}
	}
	mix := func() ssa.Value {
		hi := b.Value1(ssa.OpIreduce, i32, binary(b, ssa.OpUshr, acc64, b.Iconst(i64, 32)))
		return binary(b, ssa.OpBxor, binary(b, ssa.OpBxor, acc32, b.Value1(ssa.OpIreduce, i32, acc64)), hi)
	}
	block()
	first := mix()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{p[2]}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: join.ID, Args: []ssa.Value{first}}}})
	b.Seal(then)
	b.SetCurrent(then)
	block()
	b.Jump(join, binary(b, ssa.OpBxor, first, mix()))
	b.Seal(join)
	b.SetCurrent(join)
	in := f.AddParam(join, i32)
	block()
	g0 := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 0}, i32).Result()
	g1 := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 1}, i32).Result()
	ret(b, binary(b, ssa.OpBxor, binary(b, ssa.OpBxor, in, mix()), binary(b, ssa.OpIadd, g0, binary(b, ssa.OpIshl, g1, b.Iconst(i32, 1)))))
	return f
}

// TestForwardMemoryStopsAtBulkWrites checks that memory.fill, like every
// operation that writes memory other than a store, ends what is known of
// memory but not of globals.
func TestForwardMemoryStopsAtBulkWrites(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, y := f.Entry().Params[0], f.Entry().Params[1]
	store(b, ssa.Mem32, x, 0, y)
	b.Emit(&ssa.Instr{Op: ssa.OpGlobalSet, Aux: 0, Args: []ssa.Value{y}})
	b.Emit(&ssa.Instr{Op: ssa.OpMemoryFill, Args: []ssa.Value{y, x, y}})
	v := load(b, ssa.Mem32, i32, x, 0)
	g := b.Emit(&ssa.Instr{Op: ssa.OpGlobalGet, Aux: 0}, i32).Result()
	ret(b, binary(b, ssa.OpIadd, v, g))
	ForwardMemory(f)
	require.NoError(t, f.Verify())
	require.Equal(t, 1, countOps(f, ssa.OpLoad), f.Format())
	require.Equal(t, 0, countOps(f, ssa.OpGlobalGet), f.Format())
}

// TestForwardedConstantFolds checks that Optimize folds what a forwarded
// constant feeds: a 0 stored and read back, added to a parameter, leaves
// no addition, and a 7 read back and multiplied by 6 becomes 42.
func TestForwardedConstantFolds(t *testing.T) {
	f, b := newFunc(i32, i32)
	x, at := f.Entry().Params[0], f.Entry().Params[1]
	store(b, ssa.Mem32, at, 0, b.Iconst(i32, 0))
	store(b, ssa.Mem32, at, 4, b.Iconst(i32, 7))
	sum := binary(b, ssa.OpIadd, load(b, ssa.Mem32, i32, at, 0), x)
	product := binary(b, ssa.OpImul, load(b, ssa.Mem32, i32, at, 4), b.Iconst(i32, 6))
	ret(b, sum, product)
	require.NoError(t, Optimize(f))
	require.Zero(t, countOps(f, ssa.OpLoad))
	require.Zero(t, countOps(f, ssa.OpIadd), "0 + x is x")
	require.Zero(t, countOps(f, ssa.OpImul), "7 * 6 is 42")
	results := f.Block(0).Terminator().Args
	require.Equal(t, x, f.Resolve(results[0]))
	def := f.Def(f.Resolve(results[1]))
	require.Equal(t, ssa.OpIconst, def.Op)
	require.Equal(t, uint64(42), def.Imm)
}
