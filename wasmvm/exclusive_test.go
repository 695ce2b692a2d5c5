package wasmvm_test

import (
	"context"
	"errors"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// hostLoopWAT calls env.work n times, growing memory by a page every 100
// calls, and sums what it returns; env.stop ends the program.
const hostLoopWAT = `(module
  (import "env" "work" (func $work (param i32) (result i32)))
  (import "env" "stop" (func $stop))
  (memory 1)
  (func (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $work (local.get $i))))
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 100)))
        (then (drop (memory.grow (i32.const 1)))))
      (i32.store (i32.const 0) (local.get $sum))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))
  (func (export "stop") (call $stop) (unreachable)))`

var errStopped = errors.New("stopped by the host")

// TestExclusiveProcessor runs host calls with the processor kept by the
// calling goroutine: the host functions allocate enough to collect garbage
// many times, grow the goroutine's stack and let other goroutines run, and
// the code still sees its memory (which it grows) and the host's results.
// A host error abandons the call. Without GOMAXPROCS 1 the option is
// refused.
func TestExclusiveProcessor(t *testing.T) {
	_, err := wasmvm.NewRuntime(context.Background(), wasmvm.WithExclusiveProcessor())
	if goruntime.GOMAXPROCS(0) != 1 {
		require.ErrorContains(t, err, "needs GOMAXPROCS 1")
	}
	defer goruntime.GOMAXPROCS(goruntime.GOMAXPROCS(1))

	m, err := wasmvm.ParseModule(wattest.Assemble(t, hostLoopWAT))
	require.NoError(t, err)
	for _, mode := range []string{"bounds", "guard"} {
		t.Run(mode, func(t *testing.T) {
			rt, err := wasmvm.NewRuntime(context.Background(), wasmvm.WithMemory(mode), wasmvm.WithExclusiveProcessor())
			require.NoError(t, err)
			var keep [][]byte
			done := make(chan int)
			go func() { done <- 1 }() // runs only when the host call yields
			yielded := 0
			rt.RegisterHost("env", []wasmvm.HostFunction{
				{Name: "work", Params: []byte{0x7F}, Results: []byte{0x7F}, Call: func(_ context.Context, mem []byte, stack []uint64) error {
					i := int(stack[0])
					keep = append(keep, make([]byte, 64<<10))
					if len(keep) > 64 {
						keep = keep[1:]
					}
					if i%50 == 0 {
						goruntime.Gosched()
						select {
						case <-done:
							yielded++
						default:
						}
					}
					stack[0] = uint64(deep(i%200) + len(mem)/65536)
					return nil
				}},
				{Name: "stop", Call: func(context.Context, []byte, []uint64) error { return errStopped }},
			})
			native, err := m.CompileNative(goruntime.GOARCH, mode)
			require.NoError(t, err)
			inst, err := rt.InstantiateNative(native, "m")
			require.NoError(t, err)
			const n = 2000
			var gcBefore, gcAfter goruntime.MemStats
			goruntime.ReadMemStats(&gcBefore)
			res, err := inst.Call("loop", n)
			require.NoError(t, err)
			goruntime.ReadMemStats(&gcAfter)
			want := 0
			for i := 0; i < n; i++ {
				want += i%200 + 1 + 1 + (i+99)/100 // deep, and the pages: 1 + grows before call i
			}
			require.Equal(t, []uint64{uint64(uint32(want))}, res)
			require.Greater(t, gcAfter.NumGC, gcBefore.NumGC, "the host calls collected garbage")
			require.Equal(t, 1, yielded, "another goroutine ran during a host call")
			_, err = inst.Call("stop")
			require.ErrorIs(t, err, errStopped)
			res, err = inst.Call("loop", 1)
			require.NoError(t, err, "the instance is usable after an abandoned call")
			require.Len(t, res, 1)
		})
	}
}

// deep recurses n levels with a frame big enough to grow the goroutine's
// stack, and returns n+1.
//
//go:noinline
func deep(n int) int {
	var pad [256]byte
	pad[n%256] = 1
	if n == 0 {
		return int(pad[0])
	}
	return deep(n-1) + int(pad[n%256])
}
