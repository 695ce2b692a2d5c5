package native

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// execRegWords is the number of words of state the loops of
// execRegModule keep live, with their counter and bound: more than the
// twelve integer registers of amd64 with R14 and R15.
const execRegWords = 12

// execRegModule returns a module whose functions run loops that keep
// execRegWords words live (in guard mode, amd64 allocates R14 and R15
// there, the contexts in the frame), each exported:
//   - spin(n): n iterations (0: endless), returns a hash of the state;
//   - oob(n): like spin, loading at 1024*i in iteration i: out of bounds
//     in iteration 64 (a guard-region fault in guard mode);
//   - div(n, d): like spin, dividing by d-i in iteration i;
//   - deep(n): like spin, then calls itself without end (stack
//     exhaustion after the loop);
//   - calls(n): like spin, calling spin(2) in every iteration.
func execRegModule() string {
	var sb strings.Builder
	sb.WriteString("(module\n  (memory 1)\n")
	loop := func(name, params, inLoop, after string) {
		fmt.Fprintf(&sb, "  (func $%s (export %q) (param $n i64)%s (result i64)\n    (local $i i64) (local $h i64)", name, name, params)
		for v := range execRegWords {
			fmt.Fprintf(&sb, " (local $v%d i64)", v)
		}
		sb.WriteString("\n")
		for v := range execRegWords {
			fmt.Fprintf(&sb, "    (local.set $v%d (i64.add (i64.mul (local.get $n) (i64.const %d)) (i64.const %d)))\n", v, 2*v+3, v*v+1)
		}
		sb.WriteString("    (loop $L\n")
		for v := range execRegWords {
			w := (v + 1) % execRegWords
			switch v % 3 {
			case 0:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.add (local.get $v%d) (local.get $v%d)))\n", v, v, w)
			case 1:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.xor (local.get $v%d) (local.get $v%d)))\n", v, v, w)
			default:
				fmt.Fprintf(&sb, "      (local.set $v%d (i64.rotl (local.get $v%d) (i64.const %d)))\n", v, v, v+1)
			}
		}
		sb.WriteString(inLoop)
		sb.WriteString("      (local.set $i (i64.add (local.get $i) (i64.const 1)))\n")
		sb.WriteString("      (br_if $L (i64.ne (local.get $i) (local.get $n))))\n")
		for v := range execRegWords {
			fmt.Fprintf(&sb, "    (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (local.get $v%d)))\n", v)
		}
		fmt.Fprintf(&sb, "    %s)\n", after)
	}
	loop("spin", "", "", "(local.get $h)")
	loop("oob", "", "      (local.set $v0 (i64.add (local.get $v0) (i64.load (i32.wrap_i64 (i64.mul (local.get $i) (i64.const 1024))))))\n", "(local.get $h)")
	loop("div", " (param $d i64)", "      (local.set $v1 (i64.add (local.get $v1) (i64.div_u (local.get $v2) (i64.sub (local.get $d) (local.get $i)))))\n", "(local.get $h)")
	loop("deep", "", "", "(i64.add (local.get $h) (call $deep (local.get $n)))")
	loop("calls", "", "      (local.set $v3 (i64.add (local.get $v3) (call $spin (i64.const 2))))\n", "(local.get $h)")
	sb.WriteString(")\n")
	return sb.String()
}

// TestExecContextRegisterLoops runs loops that keep more values live
// than amd64's integer registers with R14 and R15 hold: their results
// must be the interpreter's, and traps inside them (a guard-region fault,
// a division by zero) and the stack exhaustion after them must be
// reported with their stack trace, the engine running normally
// afterwards.
func TestExecContextRegisterLoops(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "execreg", execRegModule())
	ref := instantiateWith(t, b, interp.Engine{}, runtime.Options{})
	call := func(inst *runtime.Instance, name string, args ...uint64) ([]uint64, error) {
		return inst.Call(inst.Exports[name].Func, args)
	}
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		inst := instantiateWith(t, b, &Engine{Memory: mode}, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		for _, tc := range []struct {
			name string
			args []uint64
		}{{"spin", []uint64{1000}}, {"oob", []uint64{50}}, {"div", []uint64{100, 200}}, {"calls", []uint64{77}}} {
			want, err := call(ref, tc.name, tc.args...)
			require.NoError(t, err)
			got, err := call(inst, tc.name, tc.args...)
			require.NoError(t, err, "%v %s", mode, tc.name)
			require.Equal(t, want, got, "%v %s", mode, tc.name)
		}

		_, err := call(inst, "oob", 1000)
		require.ErrorContains(t, err, "out of bounds memory access", mode.String())
		require.Equal(t, []uint32{1}, frameFunctions(t, err), mode.String()) // oob

		_, err = call(inst, "div", 1000, 300)
		require.ErrorContains(t, err, "integer divide by zero", mode.String())
		require.Equal(t, []uint32{2}, frameFunctions(t, err), mode.String()) // div

		_, err = call(inst, "deep", 3)
		require.ErrorContains(t, err, "call stack exhausted", mode.String())
		var trap *runtime.Trap
		require.ErrorAs(t, err, &trap)
		require.Len(t, trap.Stack, 1, "%v: the recursion is one line", mode)
		require.Equal(t, uint32(3), trap.Stack[0].Function, mode.String()) // deep
		require.Greater(t, trap.Stack[0].Repeat, 1000, mode.String())

		want, err := call(ref, "spin", 1000)
		require.NoError(t, err)
		got, err := call(inst, "spin", 1000)
		require.NoError(t, err)
		require.Equal(t, want, got, "%v: after the traps", mode)
	}
}

// TestInterruptExecContextRegisterLoop stops an endless loop that keeps
// values in R14 and R15 on amd64 (guard mode): the signal handler must
// find the execution context through the stack, not R15.
func TestInterruptExecContextRegisterLoop(t *testing.T) {
	b := wattest.AssembleIn(t, t.TempDir(), "execreg", execRegModule())
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		e := &Engine{Memory: mode}
		inst := instantiateWith(t, b, e, runtime.Options{GuardedMemory: mode == objfile.GuardRegions})
		for range 3 {
			err := callInterrupted(e, inst, "spin", 0)
			require.ErrorContains(t, err, "interrupted", mode.String())
			require.Equal(t, []uint32{0}, frameFunctions(t, err), mode.String()) // spin
		}
		_, err := inst.Call(inst.Exports["spin"].Func, []uint64{10})
		require.NoError(t, err, "%v: after the interruptions", mode)
	}
}

// frameFunctions returns the function indices of the stack trace of the
// trap err.
func frameFunctions(t *testing.T, err error) []uint32 {
	var trap *runtime.Trap
	require.ErrorAs(t, err, &trap)
	var fns []uint32
	for _, f := range trap.Stack {
		fns = append(fns, f.Function)
	}
	return fns
}
