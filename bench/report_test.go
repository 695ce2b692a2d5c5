package bench

import (
	"bytes"
	"encoding/xml"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeEngine returns fixed region times per benchmark.
type fakeEngine struct {
	name   string
	region map[string]time.Duration
	out    string
}

func (f fakeEngine) Name() string { return f.name }

func (f fakeEngine) Run(b *Benchmark, _ string) (Sample, []byte, error) {
	d, ok := f.region[b.Name]
	if !ok {
		return Sample{}, nil, ErrSkip
	}
	if d < 0 {
		return Sample{}, nil, errors.New("boom")
	}
	return Sample{Region: d, Wall: d + time.Millisecond, Compile: time.Millisecond, CompileCPU: 2 * time.Millisecond}, []byte(f.out), nil
}

func TestMeasureAndReport(t *testing.T) {
	benches := []*Benchmark{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	ours := fakeEngine{name: "ours", out: "ok\n", region: map[string]time.Duration{"a": 100, "b": 400, "c": 50}}
	base := fakeEngine{name: "base", out: "ok\n", region: map[string]time.Duration{"a": 200, "b": 100, "c": -1}}
	rep := Measure(benches, Options{Runs: 3, Engines: []Engine{ours, base}})
	ratios, mean := rep.Ratios(RegionTime, 1)
	require.InDelta(t, 0.5, ratios[0], 1e-9)
	require.InDelta(t, 4, ratios[1], 1e-9)
	require.True(t, math.IsNaN(ratios[2]), "a failed baseline gives no ratio")
	require.InDelta(t, math.Sqrt(0.5*4), mean, 1e-9)

	var out bytes.Buffer
	rep.WriteTable(&out, RegionTime)
	text := out.String()
	require.Contains(t, text, "median of 3 runs")
	require.Regexp(t, `geometric mean\s+1\.41`, text)
	require.Contains(t, text, "c on base: boom")

	var svg bytes.Buffer
	require.NoError(t, rep.WriteSVG(&svg, RegionTime))
	require.NoError(t, xml.Unmarshal(svg.Bytes(), new(struct{ XMLName xml.Name })), "the plot is well-formed XML")
	// Bars for a, b and the mean (c has no ratio), and the legend's box.
	require.Equal(t, 3+1, strings.Count(svg.String(), `height="10" fill`))
}

func TestCompileThroughputPerSecondAndPerCPUSecond(t *testing.T) {
	dir := t.TempDir()
	var benches []*Benchmark
	for _, name := range []string{"a", "b"} {
		path := filepath.Join(dir, name+".wasm")
		require.NoError(t, os.WriteFile(path, make([]byte, 1000), 0o644))
		benches = append(benches, &Benchmark{Name: name, Wasm: path})
	}
	ours := fakeEngine{name: "ours", out: "ok\n", region: map[string]time.Duration{"a": 1, "b": 1}}
	rep := Measure(benches, Options{Runs: 1, Engines: []Engine{ours}})
	var out bytes.Buffer
	rep.WriteCompileThroughput(&out)
	// 2000 bytes in 2 ms of compile time and 4 ms of CPU time.
	require.Regexp(t, `ours\s+1\.00 MB/s \(2 KB in 2\.00ms\)\s+0\.50 MB per CPU-second \(4\.00ms of CPU\)`, out.String())
}

func TestWrongOutputIsAFailure(t *testing.T) {
	b := &Benchmark{Name: "a", Stdout: []byte("right\n")}
	ours := fakeEngine{name: "ours", out: "wrong\n", region: map[string]time.Duration{"a": 1}}
	rep := Measure([]*Benchmark{b}, Options{Runs: 1, Engines: []Engine{ours}})
	require.ErrorContains(t, rep.Cells[0][0].Err, "wrong output")
}

func TestSummarize(t *testing.T) {
	st := summarize([]int64{30, 10, 20})
	require.Equal(t, int64(20), st.Median)
	require.InDelta(t, 0.5, st.Spread, 1e-9)
	require.Equal(t, int64(15), summarize([]int64{10, 20}).Median)
}

// seqEngine returns the next of its region times on each run.
type seqEngine struct {
	name   string
	region []time.Duration
	next   *int
}

func (s seqEngine) Name() string { return s.name }

func (s seqEngine) Run(*Benchmark, string) (Sample, []byte, error) {
	d := s.region[*s.next%len(s.region)]
	*s.next++
	return Sample{Region: d, Wall: d}, []byte("ok\n"), nil
}

// TestLeastRuns checks that Report.Least compares the engines' fastest
// runs where the median of runs in two modes would compare whichever mode
// the middle run fell in.
func TestLeastRuns(t *testing.T) {
	var i, j int
	ours := seqEngine{name: "ours", region: []time.Duration{150, 100, 150, 100, 150}, next: &i}
	base := seqEngine{name: "base", region: []time.Duration{80, 80, 120, 80, 120}, next: &j}
	rep := Measure([]*Benchmark{{Name: "a"}}, Options{Runs: 5, Engines: []Engine{ours, base}})
	ratios, _ := rep.Ratios(RegionTime, 1)
	require.InDelta(t, 150.0/80, ratios[0], 1e-9, "medians")
	rep.Least = true
	ratios, _ = rep.Ratios(RegionTime, 1)
	require.InDelta(t, 100.0/80, ratios[0], 1e-9, "least runs")
	var out bytes.Buffer
	rep.WriteTable(&out, RegionTime)
	require.Contains(t, out.String(), "least of 5 runs")
}
