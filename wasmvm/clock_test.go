package wasmvm_test

import (
	"context"
	"encoding/binary"
	"fmt"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// clockWAT reads clock id into memory at ptr with WASI's clock_time_get
// and returns the time, or minus the errno.
const clockWAT = `(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory 1)
  (func (export "get") (param $id i32) (param $ptr i32) (result i64)
    (local $errno i32)
    (local.set $errno (call $clock_time_get (local.get $id) (i64.const 1) (local.get $ptr)))
    (if (result i64) (local.get $errno)
      (then (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $errno))))
      (else (i64.load (local.get $ptr))))))`

// hostClock is a clock_time_get that answers 4242 for every clock and
// counts its calls.
type hostClock struct{ calls int }

func (h *hostClock) register(rt *wasmvm.Runtime) {
	rt.RegisterHost("wasi_snapshot_preview1", []wasmvm.HostFunction{{
		Name: "clock_time_get", Params: []byte{0x7F, 0x7E, 0x7F}, Results: []byte{0x7F},
		Call: func(_ context.Context, mem []byte, stack []uint64) error {
			h.calls++
			ptr := uint32(stack[2])
			if uint64(ptr)+8 > uint64(len(mem)) {
				stack[0] = 21 // EFAULT
				return nil
			}
			binary.LittleEndian.PutUint64(mem[ptr:], 4242)
			stack[0] = 0
			return nil
		}}})
}

// instantiateClock compiles m for memory mode and instantiates it with
// host as its clock_time_get.
func instantiateClock(t *testing.T, m *wasmvm.Module, mode string, host *hostClock, opts ...wasmvm.Option) *wasmvm.Instance {
	rt, err := wasmvm.NewRuntime(context.Background(), append(opts, wasmvm.WithMemory(mode))...)
	require.NoError(t, err)
	host.register(rt)
	native, err := m.CompileNative(goruntime.GOARCH, mode)
	require.NoError(t, err)
	inst, err := rt.InstantiateNative(native, "m")
	require.NoError(t, err)
	return inst
}

// TestCounterClock checks calls of clock_time_get: with a counter clock,
// compiled code reads the real-time and monotonic clocks itself and calls
// the host for other clocks and for a pointer outside memory; without
// one, every call goes to the host.
func TestCounterClock(t *testing.T) {
	m, err := wasmvm.ParseModule(wattest.Assemble(t, clockWAT))
	require.NoError(t, err)
	instantiate := func(t *testing.T, mode string, host *hostClock, opts ...wasmvm.Option) *wasmvm.Instance {
		return instantiateClock(t, m, mode, host, opts...)
	}
	get := func(t *testing.T, inst *wasmvm.Instance, id, ptr uint32) int64 {
		res, err := inst.Call("get", uint64(id), uint64(ptr))
		require.NoError(t, err)
		return int64(res[0])
	}
	for _, mode := range []string{"bounds", "guard"} {
		t.Run(mode, func(t *testing.T) {
			var host hostClock
			inst := instantiate(t, mode, &host)
			require.EqualValues(t, 4242, get(t, inst, 1, 64))
			require.EqualValues(t, 4242, get(t, inst, 0, 64))
			require.Equal(t, 2, host.calls, "no counter clock: the host answers")

			// Mult 0: each clock reads its offset, exactly.
			host = hostClock{}
			fixed := wasmvm.WithCounterClock(wasmvm.CounterClock{Offset: 1_700_000_000_000_000_000}, wasmvm.CounterClock{Offset: 777})
			inst = instantiate(t, mode, &host, fixed)
			require.EqualValues(t, 1_700_000_000_000_000_000, get(t, inst, 0, 64))
			require.EqualValues(t, 777, get(t, inst, 1, 65528), "the last 8 bytes of memory")
			require.Equal(t, 0, host.calls, "both clocks read inline")
			require.EqualValues(t, 4242, get(t, inst, 2, 64), "the process clock is the host's")
			require.EqualValues(t, 4242, get(t, inst, 0xFFFFFFFF, 64))
			require.EqualValues(t, -21, get(t, inst, 1, 65529), "a pointer past memory: the host's EFAULT")
			require.EqualValues(t, -21, get(t, inst, 1, 0xFFFFFFFC))
			require.Equal(t, 4, host.calls)

			// One nanosecond per count from zero: the counter itself,
			// which never goes back.
			host = hostClock{}
			counting := wasmvm.WithCounterClock(wasmvm.CounterClock{Mult: 1 << 32, Offset: 1000}, wasmvm.CounterClock{Mult: 1 << 32})
			inst = instantiate(t, mode, &host, counting)
			prev := get(t, inst, 1, 8)
			for i := 0; i < 100; i++ {
				now := get(t, inst, 1, 8)
				require.GreaterOrEqual(t, now, prev)
				prev = now
			}
			require.Greater(t, get(t, inst, 0, 8), prev, "real time: the counter plus 1000")
			require.Equal(t, 0, host.calls)
		})
	}
}

// clockLiveValues is how many values liveClockWAT keeps live across its
// clock_time_get: more than the integer registers.
const clockLiveValues = 14

// liveClockWAT reads the monotonic clock inline with clockLiveValues
// values live across the read (on amd64 its rdtsc and mul write RDX, an
// allocatable register) and returns a hash of them and the time.
func liveClockWAT() string {
	var sb strings.Builder
	sb.WriteString(`(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory 1)
  (func (export "live") (param $a i64) (result i64) (local $h i64)`)
	for v := range clockLiveValues {
		fmt.Fprintf(&sb, " (local $v%d i64)", v)
	}
	for v := range clockLiveValues {
		fmt.Fprintf(&sb, "\n    (local.set $v%d (i64.add (i64.mul (local.get $a) (i64.const %d)) (i64.const %d)))", v, 2*v+3, v)
	}
	sb.WriteString("\n    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 64)))")
	for v := range clockLiveValues {
		fmt.Fprintf(&sb, "\n    (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 31)) (local.get $v%d)))", v)
	}
	sb.WriteString("\n    (i64.add (local.get $h) (i64.load (i32.const 64)))))")
	return sb.String()
}

// TestCounterClockKeepsLiveValues checks that values live across an
// inline clock read keep their values.
func TestCounterClockKeepsLiveValues(t *testing.T) {
	m, err := wasmvm.ParseModule(wattest.Assemble(t, liveClockWAT()))
	require.NoError(t, err)
	const a, offset = 0x123456789, 777
	want := uint64(0)
	for v := range uint64(clockLiveValues) {
		want = want*31 + a*(2*v+3) + v
	}
	want += offset
	for _, mode := range []string{"bounds", "guard"} {
		t.Run(mode, func(t *testing.T) {
			var host hostClock
			fixed := wasmvm.WithCounterClock(wasmvm.CounterClock{}, wasmvm.CounterClock{Offset: offset})
			inst := instantiateClock(t, m, mode, &host, fixed)
			res, err := inst.Call("live", a)
			require.NoError(t, err)
			require.Equal(t, want, res[0])
			require.Equal(t, 0, host.calls, "the clock is read inline")
		})
	}
}
