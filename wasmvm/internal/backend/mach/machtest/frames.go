package machtest

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// FrameUse is what a backend's walk of every path through a function's
// code found about its frame (see CheckShrinkWrappedFrames).
type FrameUse struct {
	// BareReturns counts the returns reached without the frame ever
	// set up; Calls, the calls reached.
	BareReturns, Calls int
	// Faults are the rules broken: a call, a stack slot access or a
	// write of a callee-saved register without the frame, a return
	// with it.
	Faults []string
}

// FramePath is a point of a path a FrameWalker follows: where it is,
// whether the frame is set up there, and whether it was set up on the
// way.
type FramePath struct {
	PC          int
	Framed, Had bool
}

// Compiler compiles a module for one architecture.
type Compiler func(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error)

// FrameWalker follows every path through one function's code and says
// what it found (FrameUse).
type FrameWalker func(t *testing.T, code []byte) FrameUse

// shrinkWrapModule has recursions with early returns: fib's and count's
// (a division, which may trap) need no frame; loads' reads memory, which
// may fault in a guard region.
const shrinkWrapModule = `(module
  (memory 1)
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $count (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.div_u (i32.const 100) (local.get 1)))
      (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1)) (local.get 1)) (local.get 1)))))
  (func $loads (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.load (i32.const 16)))
      (else (call $loads (i32.sub (local.get 0) (i32.const 1)))))))`

// frames compiles the module in b in both memory modes and returns what
// walk finds in each of its functions that calls, by mode and function
// index, after checking that no function breaks a rule.
func frames(t *testing.T, b []byte, compile Compiler, walk FrameWalker) map[objfile.MemoryMode]map[int]FrameUse {
	t.Helper()
	m, err := binary.Decode(b)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	out := map[objfile.MemoryMode]map[int]FrameUse{}
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		nm, err := compile(m, nil, mode)
		require.NoError(t, err)
		out[mode] = map[int]FrameUse{}
		for i := int(m.NumImportedFuncs); i < len(nm.Functions); i++ {
			f := nm.Functions[i]
			use := walk(t, nm.Code[f.Offset:f.Offset+f.Size])
			require.Empty(t, use.Faults, "function %d, %s", i, mode)
			if use.Calls > 0 {
				out[mode][i] = use
			}
		}
	}
	return out
}

// CheckShrinkWrappedFrames checks that recursive functions with an early
// return set up their frame only on the paths that call (walk follows
// the paths of the code compile emits): every call runs with the frame,
// the early return without it, no return leaves it behind, and no code
// without it touches a stack slot or a callee-saved register. A load in
// the early path keeps the frame in guard mode, where the fault handler
// takes the stack pointer for the frame's. The same rules hold over the
// call-heavy benchmark programs (suite: the suite's directory), whose
// recursions return early without a frame.
func CheckShrinkWrappedFrames(t *testing.T, compile Compiler, walk FrameWalker, suite string) {
	t.Helper()
	fs := frames(t, wattest.AssembleIn(t, t.TempDir(), "frames", shrinkWrapModule), compile, walk)
	for _, mode := range []objfile.MemoryMode{objfile.BoundsChecked, objfile.GuardRegions} {
		require.Positive(t, fs[mode][0].BareReturns, "fib returns early without a frame (%s)", mode)
		require.Positive(t, fs[mode][1].BareReturns, "count returns early without a frame (%s)", mode)
	}
	require.Positive(t, fs[objfile.BoundsChecked][2].BareReturns)
	require.Zero(t, fs[objfile.GuardRegions][2].BareReturns)
	for _, name := range []string{"calls", "nqueens"} {
		b, err := os.ReadFile(suite + "/" + name + ".wasm")
		require.NoError(t, err)
		bare := 0
		for _, use := range frames(t, b, compile, walk)[objfile.GuardRegions] {
			if use.BareReturns > 0 {
				bare++
			}
		}
		require.Positive(t, bare, name)
	}
}
