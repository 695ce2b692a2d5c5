// Package guest is what the host side of linuxvm and the init it puts into
// the Linux guest agree on: where the init finds its orders, and the
// marker lines it prints on the console around the app.
//
// The init prints StartMarker just before it starts the app, so that the
// host can time the boot to that line, and an end line (FormatEnd) after
// the app exits, with its status, the region the app timed and the
// guest's memory figures. Everything the console shows between the two
// lines is the app's output.
package guest

import (
	"fmt"
	"regexp"
	"strconv"
)

// ConfigPath is where the init reads its Config (JSON) in the initramfs.
const ConfigPath = "/linuxvm/config.json"

// DataDir is where the initramfs holds the files the app starts with;
// the init copies them into WorkDir, a tmpfs, before the app starts.
const DataDir = "/linuxvm/data"

// WorkDir is the app's working directory: a tmpfs.
const WorkDir = "/work"

// RegionFile is the file the app appends its "region_ns N" line to
// (bench.h's WASMKERNEL_BENCH_OUT, or `wasmkernel run --bench-region`).
const RegionFile = "/run/linuxvm-region"

// Config is what the init runs.
type Config struct {
	Argv []string `json:"argv"` // the program (a path in the guest) and its arguments
	Env  []string `json:"env"`  // KEY=VALUE
}

// StartMarker is the line the init prints just before it starts the app.
const StartMarker = "linuxvm: app start"

// End is what the init reports after the app exits.
type End struct {
	Status int // the app's exit status; 128+N when signal N killed it
	// RegionNs is the region the app timed (-1: it reported none).
	RegionNs int64
	// FreeAtStart is the guest's free memory (MemFree) just before the
	// app started; AppPeak is the peak memory charged to the app's
	// cgroup (memory.peak: its pages, page cache and kernel objects).
	FreeAtStart, AppPeak int64
	// Clocksource is Linux's clocksource when the app ended (the region
	// is only on the host's time base while it is tsc).
	Clocksource string
}

// FormatEnd is the init's end line (without a newline).
func FormatEnd(e End) string {
	return fmt.Sprintf("linuxvm: app end status %d region %d ns free-at-start %d peak %d clocksource %s", e.Status, e.RegionNs, e.FreeAtStart, e.AppPeak, e.Clocksource)
}

var endLine = regexp.MustCompile(`linuxvm: app end status (-?\d+) region (-?\d+) ns free-at-start (\d+) peak (\d+) clocksource (\S+)`)

// ParseEnd finds the end line in console output.
func ParseEnd(console string) (End, bool) {
	m := endLine.FindStringSubmatch(console)
	if m == nil {
		return End{}, false
	}
	var e End
	e.Status, _ = strconv.Atoi(m[1])
	e.RegionNs, _ = strconv.ParseInt(m[2], 10, 64)
	e.FreeAtStart, _ = strconv.ParseInt(m[3], 10, 64)
	e.AppPeak, _ = strconv.ParseInt(m[4], 10, 64)
	e.Clocksource = m[5]
	return e, true
}
