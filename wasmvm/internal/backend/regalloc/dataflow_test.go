package regalloc

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDataflowMatchesPlainFixpoint checks the data flow's live-in sets
// (sparse words, revisits only where a successor grew) against a plain
// fixpoint over every virtual register, on random control flow with loops
// and values used far from their definitions.
func TestDataflowMatchesPlainFixpoint(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for iter := range 60 {
		nb, nv := 2+rng.Intn(30), 1+rng.Intn(400)
		f := &Function{Classes: make([]Class, nv), Blocks: make([]Block, nb)}
		for b := range f.Blocks {
			blk := &f.Blocks[b]
			for range rng.Intn(6) {
				var uses, defs []VReg
				for range rng.Intn(3) {
					uses = append(uses, VReg(rng.Intn(nv)))
				}
				if rng.Intn(2) == 0 {
					defs = append(defs, VReg(rng.Intn(nv)))
				}
				blk.Instrs = append(blk.Instrs, ins(uses, defs))
			}
			if b+1 < nb {
				blk.Succs = append(blk.Succs, b+1)
			}
			if rng.Intn(3) == 0 {
				blk.Succs = append(blk.Succs, rng.Intn(nb)) // forward or back
			}
		}
		ar := new(arenas)
		lv := buildIntervals(f, ar)
		// The plain fixpoint, per register.
		in := make([]map[VReg]bool, nb)
		for b := range in {
			in[b] = map[VReg]bool{}
		}
		for changed := true; changed; {
			changed = false
			for b := nb - 1; b >= 0; b-- {
				live := map[VReg]bool{}
				for _, s := range f.Blocks[b].Succs {
					for v := range in[s] {
						live[v] = true
					}
				}
				for i := len(f.Blocks[b].Instrs) - 1; i >= 0; i-- {
					for _, d := range f.Blocks[b].Instrs[i].Defs {
						delete(live, d)
					}
					for _, u := range f.Blocks[b].Instrs[i].Uses {
						live[u] = true
					}
				}
				for v := range live {
					if !in[b][v] {
						in[b][v], changed = true, true
					}
				}
			}
		}
		for b := range nb {
			for v := range VReg(nv) {
				g := lv.globalIndex[v]
				got := g >= 0 && lv.liveIn[b].has(VReg(g))
				require.Equal(t, in[b][v], got, "iteration %d: v%d live into block %d", iter, v, b)
			}
		}
	}
}
