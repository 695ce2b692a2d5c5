package wasi

import (
	"crypto/rand"
	"os"
	"time"
)

// hostClock reads the host's clocks.
type hostClock struct{ start time.Time }

// Now implements Clock.Now.
func (c hostClock) Now() time.Time { return time.Now() }

// Monotonic implements Clock.Monotonic.
func (c hostClock) Monotonic() int64 { return int64(time.Since(c.start)) }

// Sleep implements Clock.Sleep.
func (c hostClock) Sleep(ns int64) { time.Sleep(time.Duration(ns)) }

// HostConfig returns a Config for an ordinary Linux process: its stdio,
// clocks and crypto/rand.
func HostConfig(args, env []string) Config {
	return Config{
		Args: args, Env: env,
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Clock: hostClock{start: time.Now()}, Random: rand.Reader,
	}
}
