package scorecard

import (
	"fmt"
	"strings"

	"github.com/supportops/supportops/engine/kpi"
)

// Geometry of the band distribution, in SVG user units.
const (
	dsW       = 1160.0 // the chart
	dsLabel   = 230.0  // the KPI names
	dsBarX    = 240.0
	dsBarW    = 560.0
	dsBarH    = 22.0
	dsVerdict = 820.0 // the verdict, right of the bars
	dsRow     = 50.0
	dsKPIY    = 12.0 // the baseline of a row's first line of text
	dsSubY    = 28.0 // and of its second
	dsTop     = 8.0
	dsMinText = 22.0 // the narrowest segment that shows its count
	// tooMany is the share of agents in one extreme band above which the
	// target looks too easy (excellent) or too hard (below).
	tooMany = 0.5
)

// distChart is the distribution of agents over the bands, a stacked bar per
// agent-scoped KPI.
type distChart struct {
	W, H, VerdictX float64
	Rows           []distRow
}

// distRow is one KPI's bar.
type distRow struct {
	KPI, Sub     string
	Y            float64
	TextY, SubY  float64
	Segments     []distSegment
	Verdict      string
	VerdictClass string
	Detail       string
}

// distSegment is one band's share of the agents.
type distSegment struct {
	Class, Label, Tip string
	X, Y, W, H        float64
	TX, TY            float64
}

// distribution lays out the band distribution of every agent-scoped KPI of
// the card, or nil when it has none.
func distribution(sc Scorecard) *distChart {
	groups := byKPI(sc.Card.Results)
	d := distChart{W: dsW, VerdictX: dsVerdict}
	y := dsTop
	for _, id := range kpiIDs(sc.Card) {
		k, _ := sc.kpi(id)
		if kind, ok := k.wildcard(); !ok || kind != "agent" {
			continue
		}
		rs := groups[id]
		n := bandCounts(rs)
		row := distRow{KPI: id, Sub: fmt.Sprintf("%d agents, target %s", len(rs), formatValue(k.Metric, k.Target)),
			Y: y, TextY: y + dsKPIY, SubY: y + dsSubY}
		row.Verdict, row.VerdictClass, row.Detail = verdict(n)
		x := dsBarX
		for i, b := range bands() {
			if n[i] == 0 {
				continue
			}
			w := dsBarW * float64(n[i]) / float64(len(rs))
			seg := distSegment{Class: bandClass(b), X: x, Y: y, W: w, H: dsBarH, TX: x + w/2, TY: y + dsBarH/2 + 4,
				Tip: fmt.Sprintf("%d %s", n[i], bandWords(b))}
			if w >= dsMinText {
				seg.Label = fmt.Sprintf("%d", n[i])
			}
			row.Segments = append(row.Segments, seg)
			x += w
		}
		d.Rows = append(d.Rows, row)
		y += dsRow
	}
	if len(d.Rows) == 0 {
		return nil
	}
	d.H = y
	return &d
}

// verdict says what a distribution of agents over the bands (in the order
// of bands) tells about the target: too easy when more than half of the
// agents with data are excellent, too hard when more than half are below,
// else where most are (a stretch target puts most in ok). Its class is "easy", "hard" or "spread".
func verdict(n [numBands]int) (string, string, string) {
	all := bands()
	withData := 0
	for i := range all[:numBands-1] {
		withData += n[i]
	}
	detail := counts(n)
	if withData == 0 {
		return "No data", "spread", detail
	}
	share := func(b kpi.Band) float64 { return float64(n[bandIndex(b)]) / float64(withData) }
	switch {
	case share(kpi.Excellent) > tooMany:
		return fmt.Sprintf("Too easy? %d of %d agents excellent", n[bandIndex(kpi.Excellent)], withData), "easy", detail
	case share(kpi.Below) > tooMany:
		return fmt.Sprintf("Too hard? %d of %d agents below", n[bandIndex(kpi.Below)], withData), "hard", detail
	}
	most := 0
	for i := range all[:numBands-1] {
		if n[i] > n[most] {
			most = i
		}
	}
	return fmt.Sprintf("Spread: most agents %s (%d of %d)", bandWords(all[most]), n[most], withData), "spread", detail
}

// counts lists the non-zero counts by band: "3 excellent, 20 ok, 1 no data".
func counts(n [numBands]int) string {
	var parts []string
	for i, b := range bands() {
		if n[i] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[i], bandWords(b)))
		}
	}
	return strings.Join(parts, ", ")
}

// Geometry of the team heat map, in SVG user units.
const (
	hmName   = 190.0 // the team names
	hmCol    = 160.0 // a KPI's column
	hmHead   = 46.0  // the KPI names and targets
	hmRow    = 32.0
	hmCellIn = 2.0 // between cells
)

// heatMap is the team × KPI heat map.
type heatMap struct {
	W, H    float64
	Columns []heatColumn
	Rows    []heatRow
}

// heatColumn is a KPI with team results.
type heatColumn struct {
	KPI, Target string
	X           float64
}

// heatRow is a team.
type heatRow struct {
	Team  string
	Y     float64
	Cells []heatCell
}

// heatCell is a team's result of a KPI.
type heatCell struct {
	Class, Text, Tip string
	X, Y, W, H       float64
	TX, TY           float64
}

// heat lays out the team × KPI heat map of the card's team results, a
// row per configured team (a dash where a KPI has no result for it), or nil
// when no KPI measures a team.
func heat(sc Scorecard) *heatMap {
	cells := map[[2]string]kpi.Result{}
	var cols []string
	for _, r := range sc.Card.Results {
		team, ok := strings.CutPrefix(r.Scope, "team:")
		if !ok {
			continue
		}
		cells[[2]string{team, r.KPI}] = r
		if len(cols) == 0 || cols[len(cols)-1] != r.KPI {
			cols = append(cols, r.KPI)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	h := heatMap{W: hmName + hmCol*float64(len(cols)), H: hmHead + hmRow*float64(len(sc.Teams))}
	for i, id := range cols {
		k, _ := sc.kpi(id)
		h.Columns = append(h.Columns, heatColumn{KPI: id, Target: "target " + formatValue(k.Metric, k.Target), X: hmName + hmCol*(float64(i)+0.5)})
	}
	for j, t := range sc.Teams {
		row := heatRow{Team: t.Name, Y: hmHead + hmRow*(float64(j)+0.5) + 4}
		for i, id := range cols {
			c := heatCell{X: hmName + hmCol*float64(i) + hmCellIn, Y: hmHead + hmRow*float64(j) + hmCellIn,
				W: hmCol - 2*hmCellIn, H: hmRow - 2*hmCellIn, Class: "none", Text: "–", Tip: t.Name + ": not measured"}
			c.TX, c.TY = c.X+c.W/2, row.Y
			if r, ok := cells[[2]string{t.ID, id}]; ok {
				c.Class, c.Text = bandClass(r.Band), "no data"
				if r.Value != nil {
					c.Text = formatValue(r.Metric, *r.Value)
				}
				c.Tip = fmt.Sprintf("%s, %s: %s (%s)", t.Name, id, c.Text, bandWords(r.Band))
			}
			row.Cells = append(row.Cells, c)
		}
		h.Rows = append(h.Rows, row)
	}
	return &h
}
