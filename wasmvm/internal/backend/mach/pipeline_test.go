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
// index order, however long each takes to prepare, and never holds more
// than its window of prepared functions.
func TestPipelineOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const n = 500
	window := int64(4 * pipelineWindow)
	var prepared, emitted atomic.Int64
	var order []int
	err := pipeline(n, func(k int) (*Allocation, error) {
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
		require.Equal(t, k, got)
	}
}

// TestPipelineFirstError checks that pipeline returns the error of the
// first failing function in index order, having emitted exactly the
// functions before it, whichever function fails first in time.
func TestPipelineFirstError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		emitted := 0
		err := pipeline(300, func(k int) (*Allocation, error) {
			switch k {
			case 120:
				time.Sleep(2 * time.Millisecond) // fails after 130 has
				return nil, fmt.Errorf("function %d: %w", k, errBroken)
			case 130:
				return nil, errors.New("later function")
			}
			return &Allocation{Func: &Func{}}, nil
		}, func(*Allocation) error {
			emitted++
			return nil
		})
		require.ErrorIs(t, err, errBroken, "GOMAXPROCS %d", procs)
		require.Equal(t, 120, emitted, "GOMAXPROCS %d", procs)
	}
}

var errBroken = errors.New("broken")

// TestPipelineEmitError checks that an error of emit stops the pipeline.
func TestPipelineEmitError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	prepared := atomic.Int64{}
	err := pipeline(1000, func(k int) (*Allocation, error) {
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
