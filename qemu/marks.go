package qemu

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// LineClock is a console writer (for Config.Console) that notes when a
// marker line arrives and when the first byte after it arrives, counted
// from Start: the boot to an app's entry and to its first output, as the
// host sees them. It passes everything on to W (when set).
type LineClock struct {
	Marker []byte    // the start of the line to wait for
	W      io.Writer // where the console goes on (optional)

	mu      sync.Mutex
	start   time.Time
	seen    []byte // the console so far, until the marker line ends
	marked  bool
	markAt  time.Duration
	firstAt time.Duration
}

// Start sets the time the clock counts from: call it just before QEMU
// starts.
func (c *LineClock) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.start = time.Now()
}

// Write implements io.Writer.
func (c *LineClock) Write(p []byte) (int, error) {
	now := time.Since(c.start)
	c.mu.Lock()
	switch {
	case !c.marked:
		c.seen = append(c.seen, p...)
		if i := markerLineEnd(c.seen, c.Marker); i >= 0 {
			c.marked, c.markAt = true, now
			if i < len(c.seen) {
				c.firstAt = now
			}
			c.seen = nil
		}
	case c.firstAt == 0 && len(p) > 0:
		c.firstAt = now
	}
	c.mu.Unlock()
	if c.W != nil {
		return c.W.Write(p)
	}
	return len(p), nil
}

// markerLineEnd returns the index just past the newline of the line
// that starts with marker, or -1 while there is none.
func markerLineEnd(b, marker []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], marker)
		if i < 0 {
			return -1
		}
		i += off
		if i == 0 || b[i-1] == '\n' {
			nl := bytes.IndexByte(b[i:], '\n')
			if nl < 0 {
				return -1
			}
			return i + nl + 1
		}
		off = i + 1
	}
}

// Marked returns when the marker line arrived and when the first byte
// after it did (false when either has not).
func (c *LineClock) Marked() (mark, first time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.markAt, c.firstAt, c.marked && c.firstAt > 0
}
