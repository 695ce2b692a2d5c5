package opt

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// TestImplies checks implies against every pair of conditions on values
// around the edges of the signed and unsigned orders.
func TestImplies(t *testing.T) {
	vals := []uint64{0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF}
	conds := []ssa.Cond{ssa.CondEq, ssa.CondNe, ssa.CondSLt, ssa.CondSLe, ssa.CondSGt, ssa.CondSGe,
		ssa.CondULt, ssa.CondULe, ssa.CondUGt, ssa.CondUGe}
	decided := 0
	for _, k := range conds {
		for _, q := range conds {
			want, ok := implies(k, q)
			if !ok {
				continue
			}
			decided++
			for _, x := range vals {
				for _, y := range vals {
					kx, _ := ssa.EvalBinary(ssa.OpIcmp, k, i32, x, y)
					qx, _ := ssa.EvalBinary(ssa.OpIcmp, q, i32, x, y)
					if kx == 1 {
						require.Equal(t, b2u(want), qx, "%s implies %s on %#x, %#x", k, q, x, y)
					}
				}
			}
		}
	}
	require.Greater(t, decided, 40)
}

// scanWithFlag builds func(p, n i32) i32 in the shape of clang's output
// for `for (h++; *h && hw != n; hw = hw<<8 | *++h); return *h ? h : 0`:
// the loop computes ne = (c != 0) from the byte it tests and passes it to
// the exit, where a select uses it.
func scanWithFlag() *ssa.Func {
	f := ssa.NewFunc("scan", ssa.Signature{Params: []ssa.Type{i32, i32}, Results: []ssa.Type{i32}})
	entry, loop, more, exit := f.Entry(), f.NewBlock(), f.NewBlock(), f.NewBlock()
	k := func(b *ssa.Block, x uint64) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: ssa.OpIconst, Imm: x}, i32).Result()
	}
	op := func(b *ssa.Block, o ssa.Op, c ssa.Cond, args ...ssa.Value) ssa.Value {
		return f.Append(b, &ssa.Instr{Op: o, Cond: c, Args: args}, i32).Result()
	}
	p := entry.Params
	f.Append(entry, &ssa.Instr{Op: ssa.OpJump, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{p[0], k(entry, 0)}}}})
	h, hw := f.AddParam(loop, i32), f.AddParam(loop, i32)
	h1 := op(loop, ssa.OpIadd, 0, h, k(loop, 1))
	c := f.Append(loop, &ssa.Instr{Op: ssa.OpLoad, Aux: uint32(ssa.Mem8U), Args: []ssa.Value{h1}}, i32).Result()
	ne := op(loop, ssa.OpIcmp, ssa.CondNe, c, k(loop, 0))
	f.Append(loop, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{c}, Targets: []ssa.BlockCall{{Block: more.ID}, {Block: exit.ID, Args: []ssa.Value{h1, ne}}}})
	hw1 := op(more, ssa.OpBor, 0, op(more, ssa.OpIshl, 0, hw, k(more, 8)), c)
	again := op(more, ssa.OpIcmp, ssa.CondNe, hw1, p[1])
	f.Append(more, &ssa.Instr{Op: ssa.OpBrif, Args: []ssa.Value{again}, Targets: []ssa.BlockCall{{Block: loop.ID, Args: []ssa.Value{h1, hw1}}, {Block: exit.ID, Args: []ssa.Value{h1, ne}}}})
	at, flag := f.AddParam(exit, i32), f.AddParam(exit, i32)
	f.Append(exit, &ssa.Instr{Op: ssa.OpReturn, Args: []ssa.Value{op(exit, ssa.OpSelect, 0, flag, at, k(exit, 0))}})
	return f
}

func TestPropagateConditions(t *testing.T) {
	f := scanWithFlag()
	PropagateConditions(f)
	DeadCode(f)
	require.NoError(t, f.Verify(), f.Format())
	for _, in := range f.Block(1).Instrs {
		require.NotEqual(t, ssa.OpIcmp, in.Op, "the flag is still computed in the loop:\n%s", f.Format())
	}
	for _, b := range f.Blocks[1:3] {
		args := b.Terminator().Targets[len(b.Terminator().Targets)-1].Args
		d := f.Def(args[1])
		require.True(t, d != nil && d.Op == ssa.OpIconst, "b%d passes a flag that is not a constant:\n%s", b.ID, f.Format())
	}
	orig := scanWithFlag()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		mem := make([]byte, 4096)
		for i := range mem {
			if rng.IntN(8) > 0 {
				mem[i] = byte('a' + rng.IntN(4))
			}
		}
		mem[len(mem)-1] = 0
		at := rng.IntN(256)
		needle := uint64(mem[at])<<24 | uint64(mem[at+1])<<16 | uint64(mem[at+2])<<8 | uint64(mem[at+3])
		args := []uint64{uint64(rng.IntN(64)), needle}
		m1, m2 := bytes.Clone(mem), bytes.Clone(mem)
		r1, trap1, _, err := evalMem(orig, args, m1)
		require.NoError(t, err)
		r2, trap2, _, err := evalMem(f, args, m2)
		require.NoError(t, err)
		require.Equal(t, trap1, trap2)
		require.Equal(t, r1, r2, "%v", args)
	}
}
