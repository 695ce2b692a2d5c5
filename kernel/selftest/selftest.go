// Package selftest checks, from inside a running kernel, that the Go
// runtime gets what it needs from the system underneath: threads,
// memory, garbage collection, timers and clocks, entropy, fault delivery.
// The kernel runs it when its command line says "selftest"; each check
// prints one line on the console, and Run's result becomes the VM's exit
// status. The checks are plain Go, so they also run in an ordinary Linux
// process (where the host kernel answers), which is how the test itself
// is tested.
package selftest

import (
	"fmt"
	"io"
	"time"
)

// A check returns a short description of what it measured, or an error.
type check struct {
	name string
	run  func() (string, error)
}

var checks = []check{
	{"threads", checkThreads},
	{"gc", checkGC},
	{"sleep", checkSleep},
	{"preempt", checkPreempt},
	{"timers", checkTimers},
	{"clock", checkWallClock},
	{"random", checkRandom},
	{"fault", checkFault},
	{"mmap", checkMmap},
}

// Run runs every check, writes a line per check and a summary to out, and
// returns the number of failed checks.
func Run(out io.Writer) int {
	start := time.Now()
	failed := 0
	for _, c := range checks {
		t0 := time.Now()
		what, err := c.run()
		d := time.Since(t0).Round(time.Millisecond)
		if err != nil {
			failed++
			fmt.Fprintf(out, "selftest: %s FAIL (%v): %v\n", c.name, d, err)
			continue
		}
		fmt.Fprintf(out, "selftest: %s ok (%v): %s\n", c.name, d, what)
	}
	verdict := "PASS"
	if failed > 0 {
		verdict = "FAIL"
	}
	fmt.Fprintf(out, "selftest: %s, %d of %d checks failed, %v\n", verdict, failed, len(checks), time.Since(start).Round(time.Millisecond))
	return failed
}
