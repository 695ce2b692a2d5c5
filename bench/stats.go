package bench

import (
	"math"
	"slices"
)

// Stat summarizes the samples of one benchmark on one engine, in the
// metric's unit: nanoseconds for times, bytes for sizes.
type Stat struct {
	Median int64
	// Least is the fastest (or smallest) run: on a host whose speed
	// changes between runs, the figure a slow phase does not move
	// (Report.Least).
	Least int64
	// Spread is half the distance between the fastest and the slowest
	// run, relative to the median.
	Spread float64
	N      int
}

func summarize(vs []int64) Stat {
	if len(vs) == 0 {
		return Stat{}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	var median int64
	if n := len(s); n%2 == 1 {
		median = s[n/2]
	} else {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	st := Stat{Median: median, Least: s[0], N: len(s)}
	if median > 0 {
		st.Spread = float64(s[len(s)-1]-s[0]) / 2 / float64(median)
	}
	return st
}

// geomean is the geometric mean of positive ratios (NaN without any).
func geomean(rs []float64) float64 {
	if len(rs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, r := range rs {
		sum += math.Log(r)
	}
	return math.Exp(sum / float64(len(rs)))
}
