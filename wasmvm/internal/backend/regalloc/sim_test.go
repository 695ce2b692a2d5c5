package regalloc

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

var testRegs = &RegisterInfo{
	Allocatable: [numClasses][]Reg{{1, 2, 3, 4}, {10, 11}},
	CalleeSaved: map[Reg]bool{3: true, 4: true},
}

func ins(uses, defs []VReg) Instr { return Instr{Uses: uses, Defs: defs} }

// simLocation names a location of one class.
type simLocation struct {
	class Class
	loc   Location
}

// simulate runs the allocated function along random paths, as a backend
// would emit it: the moves before each instruction and on each edge, then
// the instruction, whose reads must find their values where the pieces
// they read say (never in a register it clobbers), whose call clobbers the
// registers calls do not preserve, whose Clobbers clobber theirs,
// and whose writes replace every copy of the value they write.
func simulate(t *testing.T, f *Function, res *Result, info *RegisterInfo, seed int64) {
	t.Helper()
	n := len(f.Classes)
	origin := func(v VReg) VReg {
		if int(v) < n {
			return v
		}
		return res.Origin[int(v)-n]
	}
	require.Len(t, res.Origin, len(res.Locations)-n)
	mentioned := map[VReg]bool{}
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			for _, v := range append(in.Uses, in.Defs...) {
				mentioned[v] = true
			}
		}
	}
	for v, l := range res.Locations {
		o := origin(VReg(v))
		if !mentioned[o] {
			continue
		}
		if r, ok := f.Fixed[o]; ok {
			require.Equal(t, Location{Reg: r}, l, "v%d is fixed", v)
		} else if !l.Spilled {
			require.Contains(t, info.Allocatable[f.Classes[o]], l.Reg, "v%d (of v%d)", v, o)
		}
	}
	where := func(v VReg) simLocation { return simLocation{f.Classes[origin(v)], res.Locations[v]} }
	rng := rand.New(rand.NewSource(seed))
	for walk := 0; walk < 20; walk++ {
		holds := map[simLocation]VReg{}
		defined := map[VReg]bool{}
		read := func(v VReg, what string) {
			if o := origin(v); defined[o] {
				got, ok := holds[where(v)]
				require.True(t, ok && got == o, "%s: v%d (piece v%d) in %v holds v%d (known %v)", what, o, v, res.Locations[v], got, ok)
			}
		}
		write := func(v VReg) {
			o := origin(v)
			for l, held := range holds {
				if held == o {
					delete(holds, l)
				}
			}
			holds[where(v)] = o
			defined[o] = true
		}
		parallel := func(copies []Copy, what string) {
			vals := make([]VReg, len(copies))
			known := make([]bool, len(copies))
			for i, c := range copies {
				require.Equal(t, origin(c.Dst), origin(c.Src), "%s: a move between pieces of two values", what)
				read(c.Src, what)
				vals[i], known[i] = holds[where(c.Src)]
			}
			for i, c := range copies {
				if known[i] {
					holds[where(c.Dst)] = vals[i]
				} else {
					delete(holds, where(c.Dst))
				}
			}
		}
		b := 0
		for step := 0; step < 60; step++ {
			blk := &f.Blocks[b]
			for _, p := range blk.Params {
				write(res.EntryPiece(b, p))
			}
			for i, in := range blk.Instrs {
				at := [2]int{b, i}
				parallel(res.Moves[at], "moves before instruction")
				for _, u := range in.Uses {
					read(res.Piece(b, i, u, false), "operand")
				}
				for _, u := range in.Uses {
					if l := res.Locations[res.Piece(b, i, u, false)]; !l.Spilled && slices.Contains(in.Clobbers, l.Reg) {
						require.Fail(t, "operand in a clobbered register", "v%d in r%d, which instruction %d of block %d clobbers", u, l.Reg, i, b)
					}
				}
				for l := range holds {
					if !l.loc.Spilled && l.class == ClassInt && slices.Contains(in.Clobbers, l.loc.Reg) {
						delete(holds, l)
					}
				}
				if in.Call {
					for l := range holds {
						if !l.loc.Spilled && !info.CalleeSaved[l.loc.Reg] {
							delete(holds, l)
						}
					}
				}
				for _, d := range in.Defs {
					write(res.Piece(b, i, d, true))
				}
			}
			if len(blk.Succs) == 0 {
				break
			}
			s := blk.Succs[rng.Intn(len(blk.Succs))]
			parallel(res.EdgeMoves[[2]int{b, s}], "edge moves")
			b = s
		}
	}
}

// spilledPieces counts the pieces of v in a slot and in registers.
func pieces(f *Function, res *Result, v VReg) (inSlot, inReg []Location) {
	all := []VReg{v}
	for i, o := range res.Origin {
		if o == v {
			all = append(all, VReg(len(f.Classes)+i))
		}
	}
	for _, p := range all {
		if l := res.Locations[p]; l.Spilled {
			inSlot = append(inSlot, l)
		} else {
			inReg = append(inReg, l)
		}
	}
	return inSlot, inReg
}

func allocateAndSimulate(t *testing.T, f *Function, info *RegisterInfo) *Result {
	t.Helper()
	res, err := Allocate(f, info)
	require.NoError(t, err)
	simulate(t, f, res, info, 1)
	return res
}
