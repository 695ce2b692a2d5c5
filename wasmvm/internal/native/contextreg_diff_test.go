package native

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// contextOps are statements that read the instance context (R14 on
// amd64, which guard-mode functions whose loops spill allocate): a
// global's get and set, memory.size, memory.grow, a direct call of a
// function that is not inlined (it recurses) and a call through the
// table. Each folds its outcome into $h.
var contextOps = []string{
	"(global.set $g (i64.add (global.get $g) (local.get $v%d)))\n      (local.set $h (i64.xor (local.get $h) (global.get $g)))",
	"(local.set $h (i64.add (local.get $h) (i64.extend_i32_u (memory.size))))\n      (local.set $v%d (i64.add (local.get $v%[1]d) (local.get $h)))",
	"(local.set $h (i64.add (local.get $h) (call $rec (local.get $v%d))))",
	"(local.set $h (i64.add (local.get $h) (call_indirect (type $t) (local.get $v%d) (i32.and (i32.wrap_i64 (local.get $h)) (i32.const 1)))))",
	"(local.set $h (i64.add (local.get $h) (i64.extend_i32_s (memory.grow (i32.and (i32.wrap_i64 (local.get $v%d)) (i32.const 1))))))",
}

// contextRegModule writes a module of functions that keep 11 to 13
// values live through a loop of arithmetic (all read each iteration, so
// that on amd64 they spill with ten registers), with context reads
// inside the loop, before it or after it, and exports "fK" calling
// function K; "trapK" ends with an access beyond the memory.
func contextRegModule(seed int64, funcs int) string {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	sb.WriteString(`(module
  (type $t (func (param i64) (result i64)))
  (memory 1 8)
  (global $g (mut i64) (i64.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $rec $other)
  (func $rec (param $x i64) (result i64)
    (if (result i64) (i64.eqz (local.get $x)) (then (i64.const 1))
      (else (i64.add (local.get $x) (call $rec (i64.shr_u (local.get $x) (i64.const 61)))))))
  (func $other (param $x i64) (result i64)
    (if (result i64) (i64.eqz (local.get $x)) (then (i64.const 3))
      (else (i64.xor (local.get $x) (call $other (i64.shr_u (local.get $x) (i64.const 62)))))))
`)
	for k := range funcs {
		live := 11 + rng.Intn(3)
		fmt.Fprintf(&sb, "  (func $f%d (param $a i64) (param $b i64) (param $n i32) (param $trap i32) (result i64)\n    (local $h i64)", k)
		writeLiveValues(&sb, live)
		op := func() string { return fmt.Sprintf(contextOps[rng.Intn(len(contextOps))], rng.Intn(live)) }
		if rng.Intn(2) == 0 {
			fmt.Fprintf(&sb, "    %s\n", op())
		}
		sb.WriteString("    (loop $L\n")
		for v := range live {
			w := (v + 1 + rng.Intn(live-1)) % live
			switch rng.Intn(3) {
			case 0:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.add (local.get $v%d) (local.get $v%d)))\n", v, v, w)
			case 1:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.xor (local.get $v%d) (local.get $v%d)))\n", v, v, w)
			default:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.rotl (i64.add (local.get $v%d) (local.get $v%d)) (i64.const %d)))\n", v, v, w, 1+rng.Intn(63))
			}
		}
		if rng.Intn(3) == 0 {
			fmt.Fprintf(&sb, "      %s\n", op())
		}
		sb.WriteString("      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n")
		for range rng.Intn(3) {
			fmt.Fprintf(&sb, "    %s\n", op())
		}
		for v := range live {
			fmt.Fprintf(&sb, "    (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (local.get $v%d)))\n", v)
		}
		sb.WriteString("    (if (local.get $trap) (then (local.set $h (i64.add (local.get $h) (i64.load (i32.const -8))))))\n    (local.get $h))\n")
		a, b, n := rng.Int63()-rng.Int63(), rng.Int63(), 1+rng.Intn(9)
		fmt.Fprintf(&sb, "  (func (export \"f%d\") (result i64) (call $f%d (i64.const %d) (i64.const %d) (i32.const %d) (i32.const 0)))\n", k, k, a, b, n)
		fmt.Fprintf(&sb, "  (func (export \"trap%d\") (result i64) (call $f%d (i64.const %d) (i64.const %d) (i32.const %d) (i32.const 1)))\n", k, k, a, b, n)
	}
	sb.WriteString("  (func (export \"g\") (result i64) (global.get $g))\n  (func (export \"size\") (result i32) (memory.size)))\n")
	return sb.String()
}

// TestDifferentialContextRegister compares the native engine in both
// memory modes with the interpreter on functions whose loops keep more
// values live than ten integer registers hold, with reads of the
// instance context (globals, memory size and growth, direct and
// indirect calls) in, before and after the loops, and traps after
// them: on amd64 the guard-mode code keeps a value in R14 and the
// context in the frame there. The exports run in order on one instance
// (globals and the memory's size carry over).
func TestDifferentialContextRegister(t *testing.T) {
	modules := generatedModules(10, 4)
	dir := t.TempDir()
	for seed := int64(1); seed <= int64(modules); seed++ {
		src := contextRegModule(seed, 6)
		b := wattest.AssembleIn(t, dir, fmt.Sprint(seed), src)
		want := runInOrder(t, instantiateWith(t, b, interp.Engine{}, runtime.Options{}))
		for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
			inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
			require.Equal(t, want, runInOrder(t, inst), "seed %d, %v: native differs from the interpreter\n%s", seed, mode, src)
		}
	}
}

// runInOrder calls the exports without parameters in the module's order
// and lists each one's result or trap.
func runInOrder(t *testing.T, inst *runtime.Instance) []string {
	t.Helper()
	var out []string
	for _, ex := range inst.Module.Exports {
		f := inst.Exports[ex.Name].Func
		res, err := inst.Call(f, nil)
		if err != nil {
			trap, ok := err.(*runtime.Trap)
			require.True(t, ok, "%s: %v", ex.Name, err)
			out = append(out, fmt.Sprintf("%s: trap %v", ex.Name, trap.Code))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %v", ex.Name, res))
	}
	return out
}
