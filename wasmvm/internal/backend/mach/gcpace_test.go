package mach

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPaceCompile checks that compiles raise the collector's target while
// any of them runs, to what leaves compileHeadroom above the live heap,
// and put the process's own target back when the last one ends.
func TestPaceCompile(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	live := heapLive()
	require.Positive(t, live)
	want := max(100, int(min(compileHeadroom*100/live, maxCompileGCPercent)))
	require.Greater(t, want, 100, "a test binary's live heap is far below the headroom")

	end1 := paceCompile()
	assert.Equal(t, want, gcPercent())
	end2 := paceCompile() // a second compile at the same time
	end1()
	assert.Equal(t, want, gcPercent(), "one compile still runs")
	end2()
	assert.Equal(t, 100, gcPercent())
}

// TestPaceCompileKeepsHigherTarget checks that a compile never lowers a
// target the process set above the compile's, nor turns the collector on.
func TestPaceCompileKeepsHigherTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, percent := range []int{maxCompileGCPercent + 1, -1} {
		debug.SetGCPercent(percent)
		end := paceCompile()
		repace()
		assert.Equal(t, percent, gcPercent())
		end()
		assert.Equal(t, percent, gcPercent())
	}
}
