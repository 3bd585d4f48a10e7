package scorecard

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/supportops/supportops/engine/kpi"
)

// Geometry of a trend chart, in SVG user units.
const (
	trW      = 284.0 // the chart
	trH      = 150.0
	trLeft   = 56.0  // the value axis labels
	trRight  = 52.0  // the last value's label, right of the plot
	trTop    = 10.0  // above the plot
	trBottom = 24.0  // the period labels
	trInset  = 14.0  // between the plot's edge and the first or last point
	trLabelY = 11.0  // the least distance between two value axis labels
	trPad    = 0.15  // of the value range, above and below it
	trDot    = 3.5   // radius of a point
	trMaxPct = 100.0 // a percentage's ceiling
)

// trendChart is one small multiple: a KPI's value over periods.
type trendChart struct {
	KPI, Scope, Caption string
	W, H, X0, X1        float64
	Top, Bottom         float64
	// PW and PH are the plot's width and height.
	PW, PH  float64
	Zones   []trendZone
	TargetY float64
	YLabels []trendLabel
	XLabels []trendLabel
	// Lines are polyline point lists, broken where a period has no data.
	Lines    []string
	Whiskers []trendWhisker
	Points   []trendPoint
	Last     *trendLabel
}

// trendZone is a band's range of values, shaded.
type trendZone struct {
	Class string
	Y, H  float64
}

// trendLabel is a text on the chart; Anchor is its text-anchor.
type trendLabel struct {
	X, Y         float64
	Text, Anchor string
	Class        string
}

// trendWhisker is the range of a period's values over the scopes of a
// wildcard KPI.
type trendWhisker struct {
	X, Y1, Y2 float64
}

// trendPoint is one period's value.
type trendPoint struct {
	X, Y       float64
	Class, Tip string
}

// trendSeries is a KPI's value in each period, and for a wildcard KPI the
// range over its scopes.
type trendSeries struct {
	period   []string
	value    []*float64
	lo, hi   []float64
	band     []kpi.Band
	scope    string
	wildcard string
	// scopes is how many scopes have data in the last period.
	scopes int
}

// trendCharts is a chart per KPI with results in cards (oldest first): the
// value of its one scope, or for a KPI of each team or agent the median
// over them with their range.
func trendCharts(sc Scorecard, cards []kpi.Card) []trendChart {
	var charts []trendChart
	for _, id := range kpiIDs(cards...) {
		k, ok := sc.kpi(id)
		if !ok {
			continue
		}
		s := series(k, cards)
		charts = append(charts, trendChartOf(sc, k, s))
	}
	return charts
}

// series collects a KPI's values over cards.
func series(k KPI, cards []kpi.Card) trendSeries {
	kind, wild := k.wildcard()
	s := trendSeries{wildcard: kind}
	if !wild {
		s.wildcard, s.scope = "", k.Scope
	}
	for _, c := range cards {
		rs := byKPI(c.Results)[k.ID]
		s.period = append(s.period, c.Period)
		var vals []float64
		b := kpi.NoData
		for _, r := range rs {
			if r.Value != nil {
				vals = append(vals, *r.Value)
				b = r.Band
			}
		}
		s.scopes = len(vals)
		if len(vals) == 0 {
			s.value, s.lo, s.hi, s.band = append(s.value, nil), append(s.lo, 0), append(s.hi, 0), append(s.band, kpi.NoData)
			continue
		}
		slices.Sort(vals)
		v := median(vals)
		if wild {
			b = bandFor(k, v)
		}
		s.value, s.lo, s.hi, s.band = append(s.value, &v), append(s.lo, vals[0]), append(s.hi, vals[len(vals)-1]), append(s.band, b)
	}
	return s
}

// median of sorted values.
func median(v []float64) float64 {
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// bandFor bands a value by k's direction and bands, as kpi.BandOf does.
func bandFor(k KPI, v float64) kpi.Band {
	return kpi.BandOf(k.KPI, v)
}

// trendChartOf lays out the chart of s.
func trendChartOf(sc Scorecard, k KPI, s trendSeries) trendChart {
	c := trendChart{KPI: k.ID, W: trW, H: trH, X0: trLeft, X1: trW - trRight, Top: trTop, Bottom: trH - trBottom}
	c.PW, c.PH = c.X1-c.X0, c.Bottom-c.Top
	if s.wildcard != "" {
		c.Scope = fmt.Sprintf("median of %d %ss", s.scopes, s.wildcard)
	} else {
		c.Scope = sc.scopeName(s.scope)
	}
	c.Caption = "dashed: target " + formatValue(k.Metric, k.Target)
	lo, hi := valueRange(k, s)
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*(v-lo)/(hi-lo) }
	c.Zones = zones(k, lo, hi, y)
	c.TargetY = y(k.Target)
	c.YLabels = yLabels(k, y)
	n := len(s.period)
	x := func(i int) float64 {
		if n == 1 {
			return (c.X0 + c.X1) / 2
		}
		return c.X0 + trInset + (c.X1-c.X0-2*trInset)*float64(i)/float64(n-1)
	}
	var line []string
	for i := range n {
		v := s.value[i]
		if v == nil {
			if len(line) > 1 {
				c.Lines = append(c.Lines, strings.Join(line, " "))
			}
			line = nil
			continue
		}
		px, py := x(i), y(*v)
		line = append(line, fmt.Sprintf("%.1f,%.1f", px, py))
		if s.wildcard != "" && s.hi[i] > s.lo[i] {
			c.Whiskers = append(c.Whiskers, trendWhisker{X: px, Y1: y(s.lo[i]), Y2: y(s.hi[i])})
		}
		c.Points = append(c.Points, trendPoint{X: px, Y: py, Class: bandClass(s.band[i]),
			Tip: fmt.Sprintf("%s: %s (%s)", s.period[i], formatValue(k.Metric, *v), bandWords(s.band[i]))})
	}
	if len(line) > 1 {
		c.Lines = append(c.Lines, strings.Join(line, " "))
	}
	c.XLabels = xLabels(s.period, x, c.Bottom)
	if v := s.value[n-1]; v != nil {
		c.Last = &trendLabel{X: x(n-1) + 2*trDot, Y: y(*v) + 4, Text: formatValue(k.Metric, *v), Anchor: "start", Class: "last"}
	}
	return c
}

// valueRange is the range of values a chart shows: the values, their
// ranges, the thresholds and the target, padded, never below zero (no
// metric is negative) and for a percentage never above 100.
func valueRange(k KPI, s trendSeries) (float64, float64) {
	vals := []float64{k.Target, k.Bands.Excellent, k.Bands.Good, k.Bands.OK}
	for i, v := range s.value {
		if v != nil {
			vals = append(vals, *v, s.lo[i], s.hi[i])
		}
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	lo, hi = math.Max(lo-trPad*span, 0), hi+trPad*span
	if unitOf(k.Metric) == unitPercent && slices.Max(vals) <= trMaxPct {
		hi = math.Min(hi, trMaxPct)
	}
	return lo, hi
}

// zones shades each band's range of values between lo and hi.
func zones(k KPI, lo, hi float64, y func(float64) float64) []trendZone {
	b := k.Bands
	type zone struct {
		band     kpi.Band
		from, to float64
	}
	zs := []zone{{kpi.Below, lo, b.OK}, {kpi.OK, b.OK, b.Good}, {kpi.Good, b.Good, b.Excellent}, {kpi.Excellent, b.Excellent, hi}}
	if k.Direction == "lower" {
		zs = []zone{{kpi.Excellent, lo, b.Excellent}, {kpi.Good, b.Excellent, b.Good}, {kpi.OK, b.Good, b.OK}, {kpi.Below, b.OK, hi}}
	}
	var out []trendZone
	for _, z := range zs {
		from, to := math.Max(z.from, lo), math.Min(z.to, hi)
		if to <= from {
			continue
		}
		out = append(out, trendZone{Class: bandClass(z.band), Y: y(to), H: y(from) - y(to)})
	}
	return out
}

// yLabels label the band thresholds on the value axis, the target's in
// bold, leaving out one too close to a label already placed.
func yLabels(k KPI, y func(float64) float64) []trendLabel {
	var out []trendLabel
	for _, v := range []float64{k.Target, k.Bands.Excellent, k.Bands.Good, k.Bands.OK} {
		py := y(v)
		if slices.ContainsFunc(out, func(l trendLabel) bool { return math.Abs(l.Y-py-4) < trLabelY }) {
			continue
		}
		l := trendLabel{X: trLeft - 4, Y: py + 4, Text: formatValue(k.Metric, v), Anchor: "end"}
		if v == k.Target {
			l.Class = "target"
		}
		out = append(out, l)
	}
	return out
}

// xLabels label the first and the last period (every period when there are
// at most three).
func xLabels(periods []string, x func(int) float64, bottom float64) []trendLabel {
	n := len(periods)
	var out []trendLabel
	for i, p := range periods {
		if n > 3 && i != 0 && i != n-1 {
			continue
		}
		out = append(out, trendLabel{X: x(i), Y: bottom + 16, Text: p, Anchor: "middle"})
	}
	return out
}
