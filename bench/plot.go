package bench

import (
	"fmt"
	"html"
	"io"
	"math"
)

// plotColors are the bar colors of the baselines, in engine order.
var plotColors = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1"}

// WriteSVG draws the first engine's ratio to every other engine for
// metric m as horizontal bars, one group per benchmark and the geometric
// means last, with a line at 1 (equal speed; left of it the first engine
// is faster).
func (r *Report) WriteSVG(w io.Writer, m Metric) error {
	const (
		left, right, top = 190.0, 40.0, 50.0
		barH, gap        = 12.0, 10.0
		plotW            = 600.0
	)
	baselines := len(r.Engines) - 1
	if baselines < 1 {
		return fmt.Errorf("plot: no baseline to compare with")
	}
	type group struct {
		label  string
		ratios []float64
	}
	var groups []group
	all := make([][]float64, baselines)
	means := make([]float64, baselines)
	for j := 1; j <= baselines; j++ {
		all[j-1], means[j-1] = r.Ratios(m, j)
	}
	for i, b := range r.Benchmarks {
		g := group{label: b.Name}
		for j := range baselines {
			g.ratios = append(g.ratios, all[j][i])
		}
		groups = append(groups, g)
	}
	groups = append(groups, group{label: "geometric mean", ratios: means})
	maxRatio := 1.0
	for _, g := range groups {
		for _, v := range g.ratios {
			if !math.IsNaN(v) && v > maxRatio {
				maxRatio = v
			}
		}
	}
	maxRatio = math.Ceil(maxRatio*2) / 2
	groupH := float64(baselines)*barH + gap
	height := top + float64(len(groups))*groupH + 40
	width := left + plotW + right
	x := func(v float64) float64 { return left + v/maxRatio*plotW }

	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="11">`+"\n", width, height)
	p(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	p(`<text x="%.0f" y="18" font-size="13">%s: %s / baseline (lower is better for %s)</text>`+"\n",
		left, html.EscapeString(m.Title), html.EscapeString(r.Engines[0]), html.EscapeString(r.Engines[0]))
	for j := range baselines {
		lx := left + float64(j)*120
		p(`<rect x="%.0f" y="28" width="10" height="10" fill="%s"/><text x="%.0f" y="37">%s</text>`+"\n",
			lx, plotColors[j%len(plotColors)], lx+14, html.EscapeString(r.Engines[j+1]))
	}
	for t := 0.0; t <= maxRatio+1e-9; t += 0.5 {
		p(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#ddd"/>`+"\n", x(t), top-4, x(t), height-36)
		p(`<text x="%.1f" y="%.0f" text-anchor="middle">%.1f</text>`+"\n", x(t), height-22, t)
	}
	for gi, g := range groups {
		y0 := top + float64(gi)*groupH
		p(`<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y0+float64(baselines)*barH/2+4, html.EscapeString(g.label))
		for j, v := range g.ratios {
			if math.IsNaN(v) {
				continue
			}
			y := y0 + float64(j)*barH
			p(`<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`+"\n", left, y, x(v)-left, barH-2, plotColors[j%len(plotColors)])
			p(`<text x="%.1f" y="%.1f">%.2f</text>`+"\n", x(v)+3, y+barH-3, v)
		}
	}
	p(`<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="black" stroke-dasharray="4 3"/>`+"\n", x(1), top-4, x(1), height-36)
	p("</svg>\n")
	return nil
}
