package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
)

// The pair loops' differential test generates modules of loops that
// compare two streams of memory until they differ, the pair loops of
// opt.VectorizeExits: memcmp's two pointers with a count, an LZ77 match
// extension's index into two arrays up to a limit, over bytes or words.
// Memory repeats a short pattern with rare changes, so that streams a
// multiple of the period apart agree for a while and then differ; the
// loops run from many starts, near the memory's end too, and the native
// engine is compared with the interpreter, and on amd64 with wazero.

// pairFunction writes pair loop idx: f(a, b, n) compares from a and b.
func pairFunction(rng *rand.Rand, idx int) string {
	load, size := "i32.load8_u", 1
	switch rng.Intn(4) {
	case 0:
		load, size = "i32.load", 4
	case 1:
		load = "i32.load8_s"
	}
	off := []int{0, 0, 2, 7}[rng.Intn(4)]
	stop := "i32.ne"
	if rng.Intn(2) == 0 {
		stop = "i32.eq" // the loop runs while the streams differ
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "  (func $pair%d (param $a i32) (param $b i32) (param $n i32) (result i32)\n", idx)
	sb.WriteString("    (local $i i32) (local $x i32)\n")
	memcmp, toInvariant := rng.Intn(2) == 0, rng.Intn(2) == 0
	if memcmp && toInvariant {
		sb.WriteString("    (local.set $i (i32.and (local.get $n) (i32.const -8)))\n")
	}
	sb.WriteString("    (block $out\n      (loop $l\n")
	if memcmp { // pointers and a count down to zero (or to an invariant, $i)
		count := fmt.Sprintf("(i32.lt_u (local.get $n) (i32.const %d))", size)
		if toInvariant {
			count = "(i32.eq (local.get $n) (local.get $i))"
		}
		fmt.Fprintf(&sb, "        (br_if $out %s)\n", count)
		fmt.Fprintf(&sb, "        (br_if $out (%s (%s offset=%d (local.get $a)) (%s offset=%d (local.get $b))))\n", stop, load, off, load, off)
		fmt.Fprintf(&sb, "        (local.set $a (i32.add (local.get $a) (i32.const %d)))\n", size)
		fmt.Fprintf(&sb, "        (local.set $b (i32.add (local.get $b) (i32.const %d)))\n", size)
		fmt.Fprintf(&sb, "        (local.set $n (i32.sub (local.get $n) (i32.const %d)))\n", size)
	} else { // match extension: an index up to a limit, tested after the step
		fmt.Fprintf(&sb, "        (br_if $out (%s (%s offset=%d (i32.add (local.get $a) (local.get $i))) (%s offset=%d (i32.add (local.get $b) (local.get $i)))))\n",
			stop, load, off, load, off)
		fmt.Fprintf(&sb, "        (br_if $out (i32.eq (local.tee $i (i32.add (local.get $i) (i32.const %d))) (local.get $n)))\n", size)
	}
	sb.WriteString("        (br $l)))\n")
	sb.WriteString("    (i32.xor (i32.xor (local.get $a) (i32.shl (local.get $i) (i32.const 8))) (i32.shl (local.get $n) (i32.const 17))))\n")
	return sb.String()
}

// pairModule writes a module of loops pair loops and exports "runL_S"
// calling loop L from start S.
func pairModule(seed int64, loops int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n")
	// the bytes i % 13, with one in about 200 changed
	sb.WriteString(`  (func (export "init") (local $i i32) (local $x i32)
    (local.set $x (i32.const 4242))
    (loop $L
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 (local.get $i) (select
        (i32.shr_u (local.get $x) (i32.const 8))
        (i32.rem_u (local.get $i) (i32.const 13))
        (i32.lt_u (i32.rem_u (i32.shr_u (local.get $x) (i32.const 16)) (i32.const 200)) (i32.const 1))))
      (br_if $L (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536)))))
`)
	for l := range loops {
		sb.WriteString(pairFunction(rng, l))
		end := 65536
		for s := range 8 {
			a := []int{0, rng.Intn(end), rng.Intn(end), end - 1 - rng.Intn(40), end - 17, end - 70, 13 * rng.Intn(100), rng.Intn(end)}[s]
			b := (a + 13*[]int{1, 2, 7, 100, -3, -50}[rng.Intn(6)] + []int{0, 0, 0, 1}[rng.Intn(4)]) & (end - 1)
			n := []int{0, 1, 4, 5, 16, 17, 40, 100, 3000, 1 << 20, -1}[rng.Intn(11)]
			fmt.Fprintf(&sb, "  (func (export \"run%d_%d\") (result i32) (call $pair%d (i32.const %d) (i32.const %d) (i32.const %d)))\n",
				l, s, l, a, b, n)
		}
	}
	sb.WriteString(")\n")
	return sb.String()
}

// TestDifferentialPairLoops compares the native engine (for this CPU and
// the baseline) and the interpreter with wazero on generated pair loops,
// and requires that the native engine vectorized most of them.
func TestDifferentialPairLoops(t *testing.T) {
	modules := generatedModules(30, 8)
	vectorized, loops := compareVectorizedBy(t, "differential pair loops", modules, pairModule, opt.VectorizeExits)
	require.Greater(t, vectorized, loops/2)
}
