package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// copyGen writes a generated copy loop: the members of an unrolled body
// loaded from a source pointer and stored to a destination pointer, both
// stepping up (memmove's forward loop) or down (its backward loop) with a
// counter stepping down to 0, loads and stores in one of several orders,
// optionally summing what it copies (the sum of narrow loads widened).
type copyGen struct {
	e        loopElem
	members  int
	backward bool
	order    int // 0: all loads, then the stores; 1: each load then its store; 2: as 1, last member first
	sum      bool
}

func (g *copyGen) function(idx int) string {
	var sb strings.Builder
	t, step := g.e.typ, g.members*g.e.size
	fmt.Fprintf(&sb, "  (func $copy%d (param $d i32) (param $s i32) (param $n i32) (result i32)\n", idx)
	fmt.Fprintf(&sb, "    (local $sum i32)")
	for m := range g.members {
		fmt.Fprintf(&sb, " (local $v%d %s)", m, t)
	}
	fmt.Fprintf(&sb, "\n    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))\n")
	if g.backward {
		for _, p := range []string{"$d", "$s"} {
			fmt.Fprintf(&sb, "    (local.set %s (i32.add (local.get %s) (i32.mul (i32.sub (local.get $n) (i32.const 1)) (i32.const %d))))\n", p, p, step)
		}
	}
	fmt.Fprintf(&sb, "    (loop $L\n")
	members := make([]int, g.members)
	for k := range members {
		members[k] = k
		if g.order == 2 {
			members[k] = g.members - 1 - k
		}
	}
	load := func(m int) {
		fmt.Fprintf(&sb, "      (local.set $v%d (%s.%s offset=%d (local.get $s)))\n", m, t, g.e.load, m*g.e.size)
		if g.sum {
			fmt.Fprintf(&sb, "      (local.set $sum (i32.add (local.get $sum) (local.get $v%d)))\n", m)
		}
	}
	store := func(m int) {
		fmt.Fprintf(&sb, "      (%s.%s offset=%d (local.get $d) (local.get $v%d))\n", t, g.e.store, m*g.e.size, m)
	}
	for _, m := range members {
		load(m)
		if g.order != 0 {
			store(m)
		}
	}
	if g.order == 0 {
		for _, m := range members {
			store(m)
		}
	}
	op := "add"
	if g.backward {
		op = "sub"
	}
	for _, p := range []string{"$d", "$s"} {
		fmt.Fprintf(&sb, "      (local.set %s (i32.%s (local.get %s) (i32.const %d)))\n", p, op, p, step)
	}
	fmt.Fprintf(&sb, "      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n")
	fmt.Fprintf(&sb, "    (local.get $sum))\n")
	return sb.String()
}

// copyModule writes a module of loops copy loops and, for each and every
// argument set, exports "runL_S" calling it and "hashL_S" hashing the
// memory: destinations behind and ahead of the source by 0 to 40 bytes,
// apart, and running off either end of the memory.
func copyModule(seed int64, loops int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n")
	sb.WriteString(memoryPrelude)
	for l := range loops {
		e := loopElems[rng.Intn(len(loopElems))]
		for e.float {
			e = loopElems[rng.Intn(len(loopElems))]
		}
		members := []int{1, 2, 4, 8, 16}[rng.Intn(5)]
		for members*e.size > 16 {
			members /= 2
		}
		g := &copyGen{e: e, members: members, backward: rng.Intn(2) == 0, order: rng.Intn(3), sum: e.typ == "i32" && rng.Intn(2) == 0}
		sb.WriteString(g.function(l))
		step := e.size * members
		var sets [][3]int
		for range 6 {
			dist := rng.Intn(41) - 20
			sets = append(sets, [3]int{8192 + dist, 8192, 1 + rng.Intn(300/step+2)})
		}
		sets = append(sets, [3]int{4096, 20000, 1000 / step}, [3]int{65536 - 3*step, 8192, 10},
			[3]int{8192, 65536 - 5*step, 9}, [3]int{3, 8192, 40}, [3]int{8192, -16, 40},
			[3]int{-1 - rng.Intn(24*step), 8192, 40}, [3]int{8192, -1 - rng.Intn(24*step), 40}) // backward: wrapping below 0 partway
		for s, a := range sets {
			fmt.Fprintf(&sb, "  (func (export \"run%d_%d\") (result i32) (call $copy%d (i32.const %d) (i32.const %d) (i32.const %d)))\n",
				l, s, l, a[0], a[1], a[2])
			fmt.Fprintf(&sb, "  (func (export \"hash%d_%d\") (result i64) (call $hash))\n", l, s)
		}
	}
	sb.WriteString(")\n")
	return sb.String()
}

// TestDifferentialVectorizeCopies compares the native engine and the
// interpreter (and wazero on amd64) on generated copy loops over
// overlapping arrays, and requires that the native engine vectorized
// some of them.
func TestDifferentialVectorizeCopies(t *testing.T) {
	modules := generatedModules(30, 8)
	compareVectorized(t, "differential vectorize copies", modules, copyModule)
}
