package wasi

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type fixedClock struct{}

func (fixedClock) Now() time.Time   { return time.Unix(1700000000, 5) }
func (fixedClock) Monotonic() int64 { return 42 }
func (fixedClock) Sleep(int64)      {}

func call(t *testing.T, s *System, name string, m []byte, args ...uint64) uint64 {
	t.Helper()
	for _, f := range s.HostFuncs() {
		if f.Name == name {
			stack := make([]uint64, max(len(f.Params), len(f.Results), 1))
			copy(stack, args)
			require.NoError(t, f.Call(context.Background(), m, stack))
			return stack[0]
		}
	}
	t.Fatalf("no function %s", name)
	return 0
}

func TestArgsAndEnviron(t *testing.T) {
	s := New(Config{Args: []string{"app", "x"}, Env: []string{"A=1"}})
	m := make([]byte, 64)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "args_sizes_get", m, 0, 4))
	require.EqualValues(t, 2, binary.LittleEndian.Uint32(m[0:]))
	require.EqualValues(t, 6, binary.LittleEndian.Uint32(m[4:]))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "args_get", m, 8, 16))
	require.EqualValues(t, 16, binary.LittleEndian.Uint32(m[8:]))
	require.EqualValues(t, 20, binary.LittleEndian.Uint32(m[12:]))
	require.Equal(t, "app\x00x\x00", string(m[16:22]))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "environ_get", m, 32, 40))
	require.Equal(t, "A=1\x00", string(m[40:44]))
	require.EqualValues(t, ErrnoFault, call(t, s, "args_get", m, 62, 16))
}

func TestFdWriteAndErrors(t *testing.T) {
	var out bytes.Buffer
	s := New(Config{Stdout: &out})
	m := make([]byte, 64)
	copy(m[32:], "hello, world")
	binary.LittleEndian.PutUint32(m[0:], 32) // iov 0: "hello, "
	binary.LittleEndian.PutUint32(m[4:], 7)
	binary.LittleEndian.PutUint32(m[8:], 39) // iov 1: "world"
	binary.LittleEndian.PutUint32(m[12:], 5)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_write", m, 1, 0, 2, 16))
	require.Equal(t, "hello, world", out.String())
	require.EqualValues(t, 12, binary.LittleEndian.Uint32(m[16:]))
	require.EqualValues(t, ErrnoBadf, call(t, s, "fd_write", m, 7, 0, 2, 16))
	require.EqualValues(t, ErrnoFault, call(t, s, "fd_write", m, 1, 60, 2, 16))
	require.EqualValues(t, ErrnoSpipe, call(t, s, "fd_seek", m, 1, 0, 0, 16))
	require.EqualValues(t, ErrnoBadf, call(t, s, "fd_prestat_get", m, 3, 0))
	require.EqualValues(t, ErrnoBadf, call(t, s, "path_open", m, 3, 0, 0, 0, 0, 0, 0, 0, 0))
	require.EqualValues(t, ErrnoBadf, call(t, s, "sock_accept", m, 3, 0, 0))
	require.EqualValues(t, ErrnoNotsock, call(t, s, "sock_shutdown", m, 1, 0))
	require.EqualValues(t, ErrnoBadf, call(t, s, "path_link", m, 3, 0, 0, 0, 3, 0, 0))
}

func TestClocksRandomExit(t *testing.T) {
	s := New(Config{Clock: fixedClock{}, Random: bytes.NewReader([]byte{1, 2, 3, 4})})
	m := make([]byte, 16)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "clock_time_get", m, 0, 1, 0))
	require.EqualValues(t, 1700000000000000005, binary.LittleEndian.Uint64(m))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "clock_time_get", m, 1, 1, 0))
	require.EqualValues(t, 42, binary.LittleEndian.Uint64(m))
	require.EqualValues(t, ErrnoInval, call(t, s, "clock_time_get", m, 9, 1, 0))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "random_get", m, 8, 4))
	require.Equal(t, []byte{1, 2, 3, 4}, m[8:12])
	for _, f := range s.HostFuncs() {
		if f.Name == "proc_exit" {
			err := f.Call(context.Background(), m, []uint64{3})
			require.Equal(t, &ExitError{Code: 3}, err)
		}
	}
}

// sleepClock records sleeps and advances its monotonic time by them.
type sleepClock struct{ now, slept int64 }

func (c *sleepClock) Now() time.Time   { return time.Unix(0, c.now) }
func (c *sleepClock) Monotonic() int64 { return c.now }
func (c *sleepClock) Sleep(ns int64)   { c.now += ns; c.slept += ns }

func TestPollOneoffClock(t *testing.T) {
	c := &sleepClock{now: 1000}
	s := New(Config{Clock: c})
	m := make([]byte, 256)
	// Two relative monotonic timeouts, 500 and 300 ns: sleep 300, report one.
	for i, timeout := range []uint64{500, 300} {
		sub := m[i*48:]
		binary.LittleEndian.PutUint64(sub, uint64(10+i)) // userdata
		sub[8] = 0                                       // clock
		binary.LittleEndian.PutUint32(sub[16:], 1)       // monotonic
		binary.LittleEndian.PutUint64(sub[24:], timeout)
	}
	require.EqualValues(t, ErrnoSuccess, call(t, s, "poll_oneoff", m, 0, 96, 2, 250))
	require.EqualValues(t, 300, c.slept)
	require.EqualValues(t, 1, binary.LittleEndian.Uint32(m[250:]))
	require.EqualValues(t, 11, binary.LittleEndian.Uint64(m[96:]))

	// A ready stdout subscription returns at once.
	m[8] = 2
	binary.LittleEndian.PutUint32(m[16:], 1)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "poll_oneoff", m, 0, 96, 2, 250))
	require.EqualValues(t, 300, c.slept)
	require.EqualValues(t, 1, binary.LittleEndian.Uint32(m[250:]))
	require.EqualValues(t, ErrnoInval, call(t, s, "poll_oneoff", m, 0, 96, 0, 250))
}

// TestRandomDefault checks that a Config without a random source gets the
// system's: random_get fills the buffer instead of failing.
func TestRandomDefault(t *testing.T) {
	s := New(Config{})
	m := make([]byte, 64)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "random_get", m, 0, 32))
	require.NotEqual(t, make([]byte, 32), m[:32])
}
