package opt

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// addressSums builds a function of (p, q) that loads bytes through sums of
// p and q with constants, returning their sum: p+1, p+2 and p+maxFoldedSum
// after an access through p (folded); p+maxFoldedSum+1, p-1 (a wrapping
// constant), q+1 with no access through q before it, p+1 at an offset that
// would pass 4 GiB, p+3 that the function also adds up, and q+2 in a
// branch whose sibling alone accessed q (all kept). It returns the loads in
// that order.
func addressSums() (*ssa.Func, []*ssa.Instr) {
	f, b := newFunc(i32, i32)
	p, q := f.Entry().Params[0], f.Entry().Params[1]
	var loads []*ssa.Instr
	load := func(addr ssa.Value, off uint64) ssa.Value {
		in := b.Emit(&ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem8U), Imm: off, Args: []ssa.Value{addr}}, i32)
		loads = append(loads, in)
		return in.Result()
	}
	sum := func(x ssa.Value, c uint64) ssa.Value { return binary(b, ssa.OpIadd, x, b.Iconst(i32, c)) }
	acc := load(p, 0)
	loads = loads[:0]
	for _, a := range []struct {
		x   ssa.Value
		c   uint64
		off uint64
	}{{p, 1, 0}, {p, 2, 3}, {p, maxFoldedSum, 0}, {p, maxFoldedSum + 1, 0}, {p, 0xFFFFFFFF, 0}, {q, 1, 0}, {p, 1, 0xFFFFFFFF}} {
		acc = binary(b, ssa.OpIadd, acc, load(sum(a.x, a.c), a.off))
	}
	used := sum(p, 3) // needed anyway: the access uses it as it is
	acc = binary(b, ssa.OpIadd, acc, binary(b, ssa.OpIadd, used, load(used, 0)))
	then, els, join := f.NewBlock(), f.NewBlock(), f.NewBlock()
	b.Emit(&ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{acc}, Targets: []ssa.BlockCall{{Block: then.ID}, {Block: els.ID}}})
	b.SetCurrent(then)
	thenQ := load(q, 0)
	b.Emit(&ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: join.ID, Args: []ssa.Value{thenQ}}}})
	b.SetCurrent(els)
	elseQ := load(sum(q, 2), 0)
	b.Emit(&ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: join.ID, Args: []ssa.Value{elseQ}}}})
	b.SetCurrent(join)
	ret(b, binary(b, ssa.OpIadd, acc, f.AddParam(join, i32)))
	return f, loads
}

// TestFoldAddressSum checks which accesses through a sum become accesses
// at a larger static offset (see addressSums), and that the function
// computes what it did, traps included, for addresses inside the memory,
// past it and wrapping around 4 GiB.
func TestFoldAddressSum(t *testing.T) {
	f, loads := addressSums()
	p, q := f.Entry().Params[0], f.Entry().Params[1]
	require.NoError(t, f.Verify())
	Optimize(f)
	kept := struct {
		addr ssa.Value
		off  uint64
		kept bool
	}{kept: true}
	for i, want := range []struct {
		addr ssa.Value
		off  uint64
		kept bool
	}{{p, 1, false}, {p, 5, false}, {p, maxFoldedSum, false}, kept, kept, kept, kept, kept, {q, 0, false}, kept} {
		in := loads[i]
		if want.kept {
			d := f.Def(in.Args[0])
			require.True(t, d != nil && d.Op == ssa.OpIadd, "load %d was folded:\n%s", i, f.Format())
			continue
		}
		require.Equal(t, want.addr, in.Args[0], "load %d:\n%s", i, f.Format())
		require.Equal(t, want.off, in.Imm, "load %d:\n%s", i, f.Format())
	}

	orig, _ := addressSums()
	rng := rand.New(rand.NewPCG(5, 6))
	const size = 1 << 17 // two pages: p+maxFoldedSum is inside for small p
	for range 300 {
		mem := make([]byte, size)
		for i := range mem {
			mem[i] = byte(rng.Uint32())
		}
		pick := func() uint64 {
			switch rng.IntN(4) {
			case 0:
				return uint64(rng.IntN(64))
			case 1:
				return uint64(size - 1 - rng.IntN(64))
			case 2:
				return uint64(1<<32 - 1 - rng.IntN(4)) // p+1 wraps to 0..3
			}
			return uint64(rng.Uint32())
		}
		args := []uint64{pick(), pick()}
		m1, m2 := bytes.Clone(mem), bytes.Clone(mem)
		r1, trap1, _, err := evalMem(orig, args, m1)
		require.NoError(t, err)
		r2, trap2, _, err := evalMem(f, args, m2)
		require.NoError(t, err)
		require.Equal(t, trap1, trap2, "%#x", args)
		require.Equal(t, r1, r2, "%#x", args)
	}
}
