package bench

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Metric selects one measurement of a Cell.
type Metric struct {
	Title string
	Get   func(Cell) Stat
	Bytes bool // the measurement is a size, not a time
}

// Metrics are the tables a report prints.
var (
	RegionTime  = Metric{Title: "time between bench.start and bench.end", Get: func(c Cell) Stat { return c.Region }}
	WallTime    = Metric{Title: "whole run (instantiation to exit; native: process; VMs: QEMU start to exit)", Get: func(c Cell) Stat { return c.Wall }}
	CompileTime = Metric{Title: "compile time", Get: func(c Cell) Stat { return c.Compile }}
	BootTime    = Metric{Title: "boot: QEMU start to the app's entry", Get: func(c Cell) Stat { return c.Boot }}
	FirstOutput = Metric{Title: "QEMU start to the app's first output", Get: func(c Cell) Stat { return c.FirstOutput }}
	PeakMemory  = Metric{Title: "guest memory in use at the peak", Get: func(c Cell) Stat { return c.PeakMemory }, Bytes: true}
	ImageSize   = Metric{Title: "image size (what QEMU loads)", Get: func(c Cell) Stat { return c.ImageSize }, Bytes: true}
)

// format prints a value of m.
func (m Metric) format(v int64) string {
	if m.Bytes {
		return formatBytes(v)
	}
	return formatDuration(time.Duration(v))
}

// value is the figure of st the tables compare: its median, or with
// r.Least its least run.
func (r *Report) value(st Stat) int64 {
	if r.Least {
		return st.Least
	}
	return st.Median
}

// statName names the figure value returns, for the tables' titles.
func (r *Report) statName() string {
	if r.Least {
		return "least"
	}
	return "median"
}

// Ratios returns, per benchmark, the first engine's median (with Least:
// least run) over engine j's (NaN where either has none) and their
// geometric mean.
func (r *Report) Ratios(m Metric, j int) ([]float64, float64) {
	var rs, ok []float64
	for _, row := range r.Cells {
		a, b := r.value(m.Get(row[0])), r.value(m.Get(row[j]))
		if a <= 0 || b <= 0 || row[0].Err != nil || row[j].Err != nil {
			rs = append(rs, math.NaN())
			continue
		}
		rs = append(rs, float64(a)/float64(b))
		ok = append(ok, float64(a)/float64(b))
	}
	return rs, geomean(ok)
}

// WriteTable prints metric m for every benchmark and engine, then the
// first engine's ratio to each other engine and the geometric means.
// Failed runs are listed below the table.
func (r *Report) WriteTable(w io.Writer, m Metric) {
	fmt.Fprintf(w, "%s (%s of %d runs, ± half the range):\n", m.Title, r.statName(), r.Runs)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := []string{"benchmark"}
	head = append(head, r.Engines...)
	for _, e := range r.Engines[1:] {
		head = append(head, r.Engines[0]+"/"+e)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	ratios := make([][]float64, len(r.Engines))
	means := make([]float64, len(r.Engines))
	for j := 1; j < len(r.Engines); j++ {
		ratios[j], means[j] = r.Ratios(m, j)
	}
	var failures []string
	for i, b := range r.Benchmarks {
		cols := []string{b.Name}
		for j, c := range r.Cells[i] {
			switch {
			case c.Skipped:
				cols = append(cols, "-")
			case c.Err != nil:
				cols = append(cols, "failed")
				failures = append(failures, fmt.Sprintf("  %s on %s: %v", b.Name, r.Engines[j], c.Err))
			case m.Get(c).Median == 0:
				cols = append(cols, "-")
			default:
				st := m.Get(c)
				cols = append(cols, fmt.Sprintf("%s ±%.1f%%", m.format(r.value(st)), 100*st.Spread))
			}
		}
		for j := 1; j < len(r.Engines); j++ {
			cols = append(cols, formatRatio(ratios[j][i]))
		}
		fmt.Fprintln(tw, strings.Join(cols, "\t")+"\t")
	}
	cols := []string{"geometric mean"}
	for range r.Engines {
		cols = append(cols, "")
	}
	for j := 1; j < len(r.Engines); j++ {
		cols = append(cols, formatRatio(means[j]))
	}
	fmt.Fprintln(tw, strings.Join(cols, "\t")+"\t")
	tw.Flush()
	r.writeLosses(w, m, ratios)
	if len(failures) > 0 && m.Title == RegionTime.Title {
		fmt.Fprintln(w, "failed runs:")
		fmt.Fprintln(w, strings.Join(failures, "\n"))
	}
	fmt.Fprintln(w)
}

// writeLosses names, for each baseline, the benchmarks on which the first
// engine's figure (median or least run) is slower (or larger) than the
// baseline's.
func (r *Report) writeLosses(w io.Writer, m Metric, ratios [][]float64) {
	worse := "slower"
	if m.Bytes {
		worse = "larger"
	}
	for j := 1; j < len(r.Engines); j++ {
		var lost []string
		for i, b := range r.Benchmarks {
			if ratio := ratios[j][i]; ratio > 1 {
				lost = append(lost, fmt.Sprintf("%s (%.2fx)", b.Name, ratio))
			}
		}
		if len(lost) > 0 {
			fmt.Fprintf(w, "%s is %s than %s on: %s\n", r.Engines[0], worse, r.Engines[j], strings.Join(lost, ", "))
		}
	}
}

// WriteCompileThroughput prints how fast each compiling engine compiles
// the modules, in MB of WebAssembly per second of compile time and per
// second of CPU time on all threads: the first favours a compiler that
// uses several cores, the second compares the work done.
func (r *Report) WriteCompileThroughput(w io.Writer) {
	fmt.Fprintln(w, "compile throughput (all modules' bytes / all compile time; per CPU-second: / all compile CPU time on all threads):")
	for j, e := range r.Engines {
		var bytes int64
		var wall, cpu time.Duration
		for i, b := range r.Benchmarks {
			c := r.Cells[i][j]
			if c.Err != nil || c.Skipped || c.Compile.Median == 0 {
				continue
			}
			if fi, err := os.Stat(b.Wasm); err == nil {
				bytes += fi.Size()
				wall += time.Duration(c.Compile.Median)
				cpu += time.Duration(c.CompileCPU.Median)
			}
		}
		if wall == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-12s %7.2f MB/s (%d KB in %s)", e, float64(bytes)/1e6/wall.Seconds(), bytes/1000, formatDuration(wall))
		if cpu > 0 {
			fmt.Fprintf(w, "  %7.2f MB per CPU-second (%s of CPU)", float64(bytes)/1e6/cpu.Seconds(), formatDuration(cpu))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.3fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1fµs", float64(d)/1e3)
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fKiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}

func formatRatio(r float64) string {
	if math.IsNaN(r) {
		return "-"
	}
	return fmt.Sprintf("%.2f", r)
}
