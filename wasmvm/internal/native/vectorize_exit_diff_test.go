package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// The scan loops' differential test generates modules of loops of the
// kind opt.VectorizeExits handles: a pointer (or an index into an array)
// stepping over bytes or words until a condition on the loaded value
// holds, written plainly or rotated (the value loaded at the end of an
// iteration tested at the start of the next; now and then with a first
// value the load would not read), with or without a counter
// that ends the loop too. It runs them from many starts, near the
// memory's end too, over memory mostly of a few letters, and compares the
// native engine with the interpreter, and on amd64 with wazero.

// scanGen writes one scan loop function.
type scanGen struct {
	rng     *rand.Rand
	word    bool   // 4-byte loads, else bytes
	load    string // i32.load, i32.load8_u or i32.load8_s
	rotated bool
	indexed bool   // address $s + $i, else the pointer $p
	counter string // "", "down" (n-- != 0 after the step), "above3" (n -= 4; n > 3), "signed" (i < n)
	// window keeps $w = $w<<8 | $x, the last four bytes, and stops where
	// they equal $k, a random needle (fourbyte_strstr's loop).
	window bool
}

// byteConds and wordConds are conditions on $x under which a loop stops.
var byteConds = []string{
	"(i32.eqz (local.get $x))",
	"(i32.eq (local.get $x) (local.get $c))",
	"(i32.eq (local.get $x) (i32.const %d))",
	"(i32.lt_u (i32.sub (local.get $x) (i32.const %d)) (i32.const 7))",
	"(i32.eqz (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 48)) (i32.const 10)) (i32.lt_u (i32.sub (i32.or (local.get $x) (i32.const 32)) (i32.const 97)) (i32.const 26))))",
	"(i32.lt_s (local.get $x) (i32.const %d))",
	"(i32.gt_u (local.get $x) (i32.const %d))",
	"(i32.and (local.get $x) (i32.const 128))",
}

var wordConds = []string{
	"(i32.and (i32.and (i32.xor (local.get $x) (i32.const -1)) (i32.sub (local.get $x) (i32.const 0x01010101))) (i32.const 0x80808080))",
	"(i32.and (i32.and (i32.xor (i32.xor (local.get $x) (local.get $k)) (i32.const -1)) (i32.sub (i32.xor (local.get $x) (local.get $k)) (i32.const 0x01010101))) (i32.const 0x80808080))",
	"(i32.ne (i32.and (local.get $x) (i32.const 0x60606060)) (i32.const 0x60606060))",
	"(i32.eq (local.get $x) (local.get $k))",
	"(i32.lt_u (i32.add (local.get $x) (i32.const %d)) (i32.const 0x10000000))",
}

// cond returns a random stop condition on $x.
func (g *scanGen) cond() string {
	conds := byteConds
	if g.word {
		conds = wordConds
	}
	c := conds[g.rng.Intn(len(conds))]
	if strings.Contains(c, "%d") {
		c = fmt.Sprintf(c, g.rng.Intn(256)-g.rng.Intn(2)*g.rng.Intn(256))
	}
	return c
}

// function writes loop idx: f(s, c, n) returns where the scan stopped
// (and what was left of the count).
func (g *scanGen) function(idx int) string {
	var sb strings.Builder
	size := 1
	if g.word {
		size = 4
	}
	off := []int{0, 0, 1, 5}[g.rng.Intn(4)]
	addr := fmt.Sprintf("offset=%d (local.get $p)", off)
	if g.indexed {
		addr = fmt.Sprintf("offset=%d (i32.add (local.get $s) (local.get $i))", off)
	}
	stop := g.cond()
	if g.rng.Intn(3) == 0 {
		stop = fmt.Sprintf("(i32.or %s %s)", stop, g.cond())
	}
	fmt.Fprintf(&sb, "  (func $scan%d (param $s i32) (param $c i32) (param $n i32) (result i32)\n", idx)
	sb.WriteString("    (local $p i32) (local $i i32) (local $x i32) (local $k i32) (local $w i32)\n")
	sb.WriteString("    (local.set $p (local.get $s))\n    (local.set $k (i32.mul (local.get $c) (i32.const 0x01010101)))\n")
	step := fmt.Sprintf("(local.set $p (i32.add (local.get $p) (i32.const %d))) (local.set $i (i32.add (local.get $i) (i32.const %d)))", size, size)
	var count string
	switch g.counter {
	case "down":
		count = "(br_if $out (i32.eqz (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
	case "above3":
		count = "(br_if $out (i32.le_u (local.tee $n (i32.sub (local.get $n) (i32.const 4))) (i32.const 3)))"
	case "signed":
		count = "(br_if $out (i32.ge_s (local.get $i) (local.get $n)))"
	}
	sb.WriteString("    (block $out\n")
	if g.window {
		g.windowLoop(&sb, off, addr, stop, step, count)
		return sb.String()
	}
	if g.rotated {
		first := fmt.Sprintf("(%s %s)", g.load, addr)
		if g.rng.Intn(4) == 0 {
			// not what the loop's load reads there: the vector loop's
			// entry check must leave the first iteration to the scalar loop
			first = fmt.Sprintf("(i32.xor %s (i32.const %d))", first, 1+g.rng.Intn(200))
		}
		fmt.Fprintf(&sb, "      (local.set $x %s)\n", first)
		fmt.Fprintf(&sb, "      (loop $l\n        (br_if $out %s)\n        %s\n        %s\n", stop, step, count)
		fmt.Fprintf(&sb, "        (local.set $x (%s %s))\n        (br $l)))\n", g.load, addr)
	} else {
		fmt.Fprintf(&sb, "      (loop $l\n        %s\n        (local.set $x (%s %s))\n", count, g.load, addr)
		fmt.Fprintf(&sb, "        (br_if $out %s)\n        %s\n        (br $l)))\n", stop, step)
	}
	sb.WriteString("    (i32.xor (local.get $p) (i32.shl (local.get $n) (i32.const 17))))\n")
	return sb.String()
}

// windowLoop writes the rest of a window loop's function: $w starts as
// the big-endian word of the four bytes before the first load (or, at
// random, 0: the vector loop must then leave it to the scalar loop).
func (g *scanGen) windowLoop(sb *strings.Builder, off int, addr, stop, step, count string) {
	needle := 0
	for range 4 {
		needle = needle<<8 | (97 + g.rng.Intn(6))
	}
	init := "(i32.const 0)"
	if g.rng.Intn(4) > 0 {
		for k := range 4 {
			init = fmt.Sprintf("(i32.or (i32.shl %s (i32.const 8)) (i32.load8_u offset=%d (i32.sub (local.get $s) (i32.const %d))))", init, off, 4-k)
		}
	}
	fmt.Fprintf(sb, "      (local.set $k (i32.const %d))\n", needle)
	fmt.Fprintf(sb, "      (if (i32.ge_u (local.get $s) (i32.const 4)) (then (local.set $w %s)))\n", init)
	fmt.Fprintf(sb, "      (loop $l\n        %s\n        (local.set $x (i32.load8_u %s))\n", count, addr)
	fmt.Fprintf(sb, "        (br_if $out %s)\n        %s\n", stop, step)
	sb.WriteString("        (br_if $out (i32.eq (local.tee $w (i32.or (i32.shl (local.get $w) (i32.const 8)) (local.get $x))) (local.get $k)))\n")
	sb.WriteString("        (br $l)))\n")
	sb.WriteString("    (i32.xor (i32.xor (local.get $p) (local.get $w)) (i32.shl (local.get $n) (i32.const 17))))\n")
}

// scanModule writes a module of loops scan loops and exports "runL_S"
// calling loop L from start S.
func scanModule(seed int64, loops int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n")
	// mostly letters, now and then any byte
	sb.WriteString(`  (func (export "init") (local $i i32) (local $x i32)
    (local.set $x (i32.const 777))
    (loop $L
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 (local.get $i) (select
        (i32.shr_u (local.get $x) (i32.const 8))
        (i32.add (i32.const 97) (i32.rem_u (i32.shr_u (local.get $x) (i32.const 16)) (i32.const 6)))
        (i32.eqz (i32.and (i32.shr_u (local.get $x) (i32.const 24)) (i32.const 63)))))
      (br_if $L (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536)))))
`)
	for l := range loops {
		g := &scanGen{rng: rng, word: rng.Intn(3) == 0, rotated: rng.Intn(2) == 0, indexed: rng.Intn(4) == 0}
		g.load = []string{"i32.load8_u", "i32.load8_u", "i32.load8_s"}[rng.Intn(3)]
		if g.word {
			g.load = "i32.load"
		}
		g.counter = []string{"", "", "down", "above3", "signed"}[rng.Intn(5)]
		if !g.word && rng.Intn(4) == 0 {
			g.window, g.rotated, g.load = true, false, "i32.load8_u"
		}
		sb.WriteString(g.function(l))
		end := 65536
		starts := []int{0, 1, rng.Intn(end), rng.Intn(end), end - 1 - rng.Intn(40), end - 17, end - 70}
		for s, start := range starts {
			c, n := 97+rng.Intn(6), []int{0, 1, 5, 16, 17, 40, 100, 1 << 20, -1}[rng.Intn(9)]
			fmt.Fprintf(&sb, "  (func (export \"run%d_%d\") (result i32) (call $scan%d (i32.const %d) (i32.const %d) (i32.const %d)))\n",
				l, s, l, start, c, n)
		}
	}
	sb.WriteString(")\n")
	return sb.String()
}

// TestDifferentialScanLoops compares the native engine and the
// interpreter with wazero on generated scan loops, and requires that the
// native engine vectorized most of them.
func TestDifferentialScanLoops(t *testing.T) {
	modules := generatedModules(30, 8)
	dir := t.TempDir()
	vectorized, loops, calls := 0, 0, 0
	for seed := int64(1); seed <= int64(modules); seed++ {
		src := scanModule(seed, 8)
		b := wattest.AssembleIn(t, dir, fmt.Sprint("scan", seed), src)
		vectorized += vectorizedLoops(t, b, opt.VectorizeExits)
		loops += 8
		ref := runOurs(t, b, interp.Engine{})
		got := runOurs(t, b, &Engine{})
		for name, want := range ref {
			require.Equal(t, want.String(), got[name].String(), "seed %d export %q: native differs from the interpreter\n%s", seed, name, src)
		}
		if hostArch == objfile.ArchAMD64 {
			for name, want := range runWazero(t, b) {
				require.Equal(t, want.String(), ref[name].String(), "seed %d export %q: wazero differs from the interpreter\n%s", seed, name, src)
			}
		}
		calls += len(ref)
	}
	require.Greater(t, vectorized, loops/2)
	fmt.Printf("differential scan loops: %d modules, %d calls, %d of %d loops vectorized, native = interpreter (= wazero on amd64)\n",
		modules, calls, vectorized, loops)
}
