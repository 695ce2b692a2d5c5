package bench

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Options control a measurement.
type Options struct {
	Runs int // runs per benchmark and engine
	// Engines are measured in this order; the first is the one the
	// others are compared with.
	Engines []Engine
	// Progress, if set, receives a line per run.
	Progress io.Writer
}

// Cell is one benchmark on one engine.
type Cell struct {
	Region, Wall, Compile Stat
	CompileCPU            Stat
	Boot, FirstOutput     Stat
	PeakMemory, ImageSize Stat
	Err                   error // the run failed (nil: measured)
	Skipped               bool  // the engine cannot run this benchmark
}

// Report is the outcome of Measure.
type Report struct {
	Benchmarks []*Benchmark
	Engines    []string
	Cells      [][]Cell // [benchmark][engine]
	Runs       int
	// Least makes the tables and ratios compare each engine's least run
	// instead of its median (Stat.Least).
	Least bool
}

// Measure runs every benchmark on every engine opts.Runs times,
// interleaving the engines so that a slow phase of the machine affects
// them alike. Outputs are checked against the benchmark's expected output,
// or the native build's when it has none, or else the first engine's.
func Measure(benches []*Benchmark, opts Options) *Report {
	runs := max(opts.Runs, 1)
	rep := &Report{Benchmarks: benches, Runs: runs}
	for _, e := range opts.Engines {
		rep.Engines = append(rep.Engines, e.Name())
	}
	for _, b := range benches {
		samples := make([][]Sample, len(opts.Engines))
		row := make([]Cell, len(opts.Engines))
		outputs := make([][]byte, len(opts.Engines))
		for r := 0; r < runs; r++ {
			for i, e := range opts.Engines {
				if row[i].Err != nil || row[i].Skipped {
					continue
				}
				s, out, err := runOnce(e, b)
				switch {
				case errors.Is(err, ErrSkip):
					row[i].Skipped = true
					continue
				case err != nil:
					row[i].Err = err
					continue
				}
				outputs[i] = out
				samples[i] = append(samples[i], s)
				if opts.Progress != nil {
					fmt.Fprintf(opts.Progress, "%s on %s: run %d: region %v\n", b.Name, e.Name(), r+1, s.Region.Round(time.Microsecond))
				}
			}
		}
		want := b.Stdout
		for i, e := range opts.Engines {
			if e.Name() == "native" && want == nil && outputs[i] != nil {
				want = outputs[i]
			}
		}
		for i := range opts.Engines { // else all must agree with the first
			if want == nil && outputs[i] != nil {
				want = outputs[i]
			}
		}
		for i := range opts.Engines {
			if row[i].Err == nil && outputs[i] != nil && want != nil && !SameOutput(outputs[i], want) {
				row[i].Err = fmt.Errorf("wrong output: got %q, want %q", clip(outputs[i]), clip(want))
			}
			if row[i].Err != nil || row[i].Skipped {
				continue
			}
			ss := samples[i]
			row[i].Region = summarize(values(ss, func(s Sample) int64 { return int64(s.Region) }))
			row[i].Wall = summarize(values(ss, func(s Sample) int64 { return int64(s.Wall) }))
			row[i].Compile = summarize(values(ss, func(s Sample) int64 { return int64(s.Compile) }))
			row[i].CompileCPU = summarize(values(ss, func(s Sample) int64 { return int64(s.CompileCPU) }))
			row[i].Boot = summarize(values(ss, func(s Sample) int64 { return int64(s.Boot) }))
			row[i].FirstOutput = summarize(values(ss, func(s Sample) int64 { return int64(s.FirstOutput) }))
			row[i].PeakMemory = summarize(values(ss, func(s Sample) int64 { return s.PeakMemory }))
			row[i].ImageSize = summarize(values(ss, func(s Sample) int64 { return s.ImageSize }))
		}
		rep.Cells = append(rep.Cells, row)
	}
	return rep
}

func runOnce(e Engine, b *Benchmark) (Sample, []byte, error) {
	dir, cleanup, err := workCopy(b)
	if err != nil {
		return Sample{}, nil, err
	}
	defer cleanup()
	return e.Run(b, dir)
}

func values(ss []Sample, f func(Sample) int64) []int64 {
	vs := make([]int64, len(ss))
	for i, s := range ss {
		vs[i] = f(s)
	}
	return vs
}
