package mach

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPipelineOrder checks that pipeline emits every function once, in
// index order, however long each takes to prepare and whichever function
// it takes first, and never holds more than its window of prepared
// functions.
func TestPipelineOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const n = 500
	window := int64(4 * pipelineWindow)
	for _, first := range []int{-1, 0, 7, int(window) - 1, int(window), n - 1} {
		var prepared, emitted atomic.Int64
		var order []int
		err := pipeline(n, first, func(k int) (*Allocation, error) {
			assert.LessOrEqual(t, prepared.Add(1)-emitted.Load(), window) // on a worker: no FailNow
			time.Sleep(time.Duration(k*7919%13) * time.Microsecond)
			return &Allocation{Func: &Func{Outgoing: k}}, nil
		}, func(a *Allocation) error {
			order = append(order, a.Outgoing)
			emitted.Add(1)
			return nil
		})
		require.NoError(t, err)
		require.Len(t, order, n)
		for k, got := range order {
			require.Equal(t, k, got, "first %d", first)
		}
	}
}

// TestPipelineTakesFirst checks the order in which workers take the
// functions: first, when it lies in the first window, then the others in
// index order.
func TestPipelineTakesFirst(t *testing.T) {
	require.Equal(t, []int{3, 0, 1, 2, 4, 5}, takeOrders(6, 3))
	require.Equal(t, []int{0, 1, 2, 3}, takeOrders(4, 0))
	require.Equal(t, []int{0, 1, 2, 3}, takeOrders(4, -1))
	// With two workers, function 30 is one of the first two taken: every
	// other function's preparation waits for 30's to start, which would
	// never happen (short of the timeout) if both workers had taken
	// functions before it. Waiting, not timing, makes this hold on a
	// loaded machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	started := make(chan struct{})
	var waitedOut atomic.Bool
	err := pipeline(40, 30, func(k int) (*Allocation, error) {
		if k == 30 {
			close(started)
		} else {
			select {
			case <-started:
			case <-time.After(20 * time.Second):
				waitedOut.Store(true)
			}
		}
		return &Allocation{Func: &Func{}}, nil
	}, func(*Allocation) error { return nil })
	require.NoError(t, err)
	require.False(t, waitedOut.Load(), "function 30 is among the first two taken")
}

// TestPipelineSingleWorkerTakesFirst checks that a single worker prepares
// function first before the others, wherever it lies, and still emits in
// index order; and that a failure of first's preparation is returned in
// its turn, after the functions before it are emitted.
func TestPipelineSingleWorkerTakesFirst(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	run := func(n, first, failing int) (prepared, emitted []int, err error) {
		err = pipeline(n, first, func(k int) (*Allocation, error) {
			prepared = append(prepared, k)
			if k == failing {
				return nil, errBroken
			}
			return &Allocation{Func: &Func{Outgoing: k}}, nil
		}, func(a *Allocation) error {
			emitted = append(emitted, a.Outgoing)
			return nil
		})
		return prepared, emitted, err
	}
	for _, c := range []struct {
		n, first int
		prepared []int
	}{
		{6, 3, []int{3, 0, 1, 2, 4, 5}},
		{6, 5, []int{5, 0, 1, 2, 3, 4}},
		{6, 0, []int{0, 1, 2, 3, 4, 5}},
		{6, -1, []int{0, 1, 2, 3, 4, 5}},
		{6, 6, []int{0, 1, 2, 3, 4, 5}}, // out of range: none out of order
	} {
		prepared, emitted, err := run(c.n, c.first, -1)
		require.NoError(t, err)
		require.Equal(t, c.prepared, prepared, "first %d", c.first)
		require.Equal(t, []int{0, 1, 2, 3, 4, 5}, emitted, "first %d", c.first)
	}
	// Far beyond the multi-worker window, a single worker still takes it first.
	prepared, _, err := run(200, 150, -1)
	require.NoError(t, err)
	require.Equal(t, 150, prepared[0])
	require.Len(t, prepared, 200)

	prepared, emitted, err := run(8, 5, 5)
	require.ErrorIs(t, err, errBroken)
	require.Equal(t, []int{5, 0, 1, 2, 3, 4}, prepared)
	require.Equal(t, []int{0, 1, 2, 3, 4}, emitted)
}

// takeOrders lists takeOrder(0..n-1, first).
func takeOrders(n, first int) []int {
	var order []int
	for i := range n {
		order = append(order, takeOrder(i, first))
	}
	return order
}

// TestPipelineFirstError checks that pipeline returns the error of the
// first failing function in index order, having emitted exactly the
// functions before it, whichever function fails first in time or is
// taken first.
func TestPipelineFirstError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		emitted := 0
		err := pipeline(300, 60, func(k int) (*Allocation, error) {
			switch k {
			case 50:
				time.Sleep(2 * time.Millisecond) // fails after 60 has
				return nil, fmt.Errorf("function %d: %w", k, errBroken)
			case 60: // taken first with more than one worker
				return nil, errors.New("later function")
			}
			return &Allocation{Func: &Func{}}, nil
		}, func(*Allocation) error {
			emitted++
			return nil
		})
		require.ErrorIs(t, err, errBroken, "GOMAXPROCS %d", procs)
		require.Equal(t, 50, emitted, "GOMAXPROCS %d", procs)
	}
}

var errBroken = errors.New("broken")

// TestPipelineEmitError checks that an error of emit stops the pipeline.
func TestPipelineEmitError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	prepared := atomic.Int64{}
	err := pipeline(1000, 3, func(k int) (*Allocation, error) {
		prepared.Add(1)
		return &Allocation{Func: &Func{Outgoing: k}}, nil
	}, func(a *Allocation) error {
		if a.Outgoing == 10 {
			return errBroken
		}
		return nil
	})
	require.ErrorIs(t, err, errBroken)
	require.Less(t, prepared.Load(), int64(1000), "the workers stop")
}
