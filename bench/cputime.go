package bench

import (
	"runtime"
	"syscall"
	"time"
)

// compileClock measures a compilation both ways: elapsed time, and the
// CPU time of all of the process's threads, so that a compiler using
// several cores and one using one are compared per CPU-second as well as
// per second. A collection first keeps the garbage of earlier runs out of
// the measurement.
type compileClock struct {
	wall time.Time
	cpu  time.Duration
}

func startCompileClock() compileClock {
	runtime.GC()
	return compileClock{wall: time.Now(), cpu: processCPUTime()}
}

// stop returns the elapsed and CPU time since start.
func (c compileClock) stop() (wall, cpu time.Duration) {
	return time.Since(c.wall), processCPUTime() - c.cpu
}

// processCPUTime is the user and system time of the whole process.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
