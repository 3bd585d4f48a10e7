package staffing

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// This file draws the page's SVG charts: the heat map of a queue channel's
// week and the chart of a day's agents on roster against those scheduled.

// Heat map geometry, in pixels.
const (
	heatLabelW  = 96.0  // the weekday column
	heatHeadH   = 22.0  // the clock times above the cells
	heatCellH   = 26.0  // a row
	heatWidth   = 1180  // the chart at most
	heatMaxCell = 52.0  // a cell at most
	heatTextMin = 26.0  // a cell narrower prints no figure
	heatLabelSp = 34.0  // the least room between two clock labels
	heatPad     = 2.0   // between cells
	daysInWeek  = 7     // rows
	lineW       = 164.0 // a day's chart
	lineH       = 118.0
	lineLeft    = 26.0 // room for the y labels
	lineRight   = 6.0
	lineTop     = 8.0
	lineBottom  = 20.0 // room for the x labels
)

// heatChart is a queue channel's heat map: weekday rows × interval columns.
type heatChart struct {
	W, H   float64
	Labels []chartText
	Rows   []heatRow
}

// heatRow is one weekday.
type heatRow struct {
	Label chartText
	Cells []heatCell
}

// heatCell is one interval of one day.
type heatCell struct {
	X, Y, W, H float64
	Class, Tip string
	Text       chartText
}

// chartText is a label placed on a chart.
type chartText struct {
	X, Y         float64
	Text, Anchor string
	Class        string
}

// lineChart is one day's agents on roster (what the forecast requires,
// with shrinkage) against those scheduled, interval by interval.
type lineChart struct {
	Day, Note, NoteClass string
	W, H                 float64
	X0, Top, PW, PH      float64
	Need, Have           string // polyline points
	Gaps                 []heatCell
	Labels               []chartText
	Closed               bool
}

// dayColumns maps a day's intervals to the columns by clock time: the
// first interval of a clock time (the night the clocks go back has two).
func dayColumns(day []IntervalReport, cols []string) []*IntervalReport {
	at := map[string]int{}
	for k := range day {
		c := day[k].Start.Format("15:04")
		if _, ok := at[c]; !ok {
			at[c] = k
		}
	}
	out := make([]*IntervalReport, len(cols))
	for i, c := range cols {
		if k, ok := at[c]; ok {
			out[i] = &day[k]
		}
	}
	return out
}

// heatOf lays out the heat map of a queue channel over the columns cols.
func heatOf(q QueueReport, cols []string) heatChart {
	cw := heatMaxCell
	if n := float64(len(cols)); n > 0 {
		cw = math.Min(heatMaxCell, math.Floor((heatWidth-heatLabelW)/n))
	}
	h := heatChart{W: heatLabelW + cw*float64(len(cols)), H: heatHeadH + heatCellH*daysInWeek}
	step := max(1, int(math.Ceil(heatLabelSp/cw)))
	for i, c := range cols {
		if strings.HasSuffix(c, ":00") && (i%step == 0 || step == 1) {
			h.Labels = append(h.Labels, chartText{X: heatLabelW + cw*float64(i), Y: heatHeadH - 7, Text: c, Anchor: "start", Class: "axis"})
		}
	}
	for d, day := range splitDays(q.Intervals) {
		if d >= daysInWeek {
			break
		}
		y := heatHeadH + heatCellH*float64(d)
		row := heatRow{Label: chartText{X: 0, Y: y + heatCellH/2 + 4, Text: day[0].Start.Format("Mon 2 Jan"), Anchor: "start"}}
		for i, in := range dayColumns(day, cols) {
			cell := heatCell{X: heatLabelW + cw*float64(i), Y: y, W: cw - heatPad, H: heatCellH - heatPad, Class: classClosed}
			if in == nil {
				cell.Tip = day[0].Start.Format("Mon 2 Jan ") + cols[i] + ": no such time that day"
				row.Cells = append(row.Cells, cell)
				continue
			}
			cell.Class, cell.Tip = cellClass(*in), tooltip(q, *in)
			if in.Contacts > 0 && cw >= heatTextMin {
				cell.Text = chartText{X: cell.X + cell.W/2, Y: y + heatCellH/2 + 3, Text: gapText(in.Gap), Anchor: "middle", Class: "on-" + cell.Class}
				if cell.Class == classUnreach {
					cell.Text.Text = "∞"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		h.Rows = append(h.Rows, row)
	}
	return h
}

// gapText prints a gap for a cell: "−2", "+1", "+0.5", "0".
func gapText(g float64) string {
	s := formatNumber(math.Abs(g))
	switch {
	case s == "0":
		return "0"
	case g < 0:
		return "−" + s
	}
	return "+" + s
}

// tooltip is a cell's figures.
func tooltip(q QueueReport, in IntervalReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %s: ", q.Queue, q.Channel, in.Start.Format("Mon 2 Jan 15:04"))
	if in.Contacts == 0 {
		fmt.Fprintf(&b, "no contacts forecast; %s scheduled", formatNumber(in.Scheduled))
		return b.String()
	}
	fmt.Fprintf(&b, "%s contacts (%.2f Erlangs); required %d (Erlang C %d", formatNumber(in.Contacts), in.Erlangs, in.Required, in.ErlangC)
	if in.ErlangA != nil {
		fmt.Fprintf(&b, ", Erlang A %d", *in.ErlangA)
	}
	fmt.Fprintf(&b, "), %d on roster; %s scheduled, %d answering after shrinkage", in.OnRoster, formatNumber(in.Scheduled), in.Available)
	if in.Unreachable != "" {
		fmt.Fprintf(&b, "; no headcount reaches %s", q.Goal)
		return b.String()
	}
	fmt.Fprintf(&b, "; reaches %.1f %%, goal %s; ", in.ServiceLevel, q.Goal)
	if in.Short {
		fmt.Fprintf(&b, "short by %s", formatNumber(-in.Gap))
	} else {
		fmt.Fprintf(&b, "%s to spare", formatNumber(in.Gap))
	}
	return b.String()
}

// linesOf lays out a chart a day of a queue channel, on one scale.
func linesOf(q QueueReport, cols []string) []lineChart {
	top := 1.0
	for _, in := range q.Intervals {
		top = math.Max(top, math.Max(float64(in.OnRoster), in.Scheduled))
	}
	top = niceCeil(top)
	var out []lineChart
	for d, day := range splitDays(q.Intervals) {
		if d >= daysInWeek {
			break
		}
		out = append(out, lineOf(day, cols, top))
	}
	return out
}

// lineOf lays out one day's chart with the y axis from 0 to top.
func lineOf(day []IntervalReport, cols []string, top float64) lineChart {
	c := lineChart{Day: day[0].Start.Format("Mon 2 Jan"), W: lineW, H: lineH, X0: lineLeft, Top: lineTop,
		PW: lineW - lineLeft - lineRight, PH: lineH - lineTop - lineBottom}
	dx := c.PW / float64(max(1, len(cols)))
	y := func(v float64) float64 { return c.Top + c.PH - v/top*c.PH }
	var need, have []string
	short := 0
	for i, in := range dayColumns(day, cols) {
		if in == nil {
			continue
		}
		x0, x1 := c.X0+dx*float64(i), c.X0+dx*float64(i+1)
		yn, yh := y(float64(in.OnRoster)), y(in.Scheduled)
		need = append(need, fmt.Sprintf("%.1f,%.1f %.1f,%.1f", x0, yn, x1, yn))
		have = append(have, fmt.Sprintf("%.1f,%.1f %.1f,%.1f", x0, yh, x1, yh))
		if in.Short {
			short++
			c.Gaps = append(c.Gaps, heatCell{X: x0, Y: yn, W: x1 - x0, H: yh - yn, Class: "gap",
				Tip: fmt.Sprintf("%s: %d on roster needed, %s scheduled", in.Start.Format("15:04"), in.OnRoster, formatNumber(in.Scheduled))})
		}
	}
	c.Need, c.Have = strings.Join(need, " "), strings.Join(have, " ")
	c.Closed = !dayOpen(day)
	switch {
	case c.Closed:
		c.Note, c.NoteClass = "closed", "sub"
	case short > 0:
		c.Note, c.NoteClass = fmt.Sprintf("%d short", short), "bad"
	default:
		c.Note, c.NoteClass = "met", "good"
	}
	base := c.Top + c.PH
	c.Labels = append(c.Labels,
		chartText{X: c.X0 - 4, Y: base + 4, Text: "0", Anchor: "end", Class: "axis"},
		chartText{X: c.X0 - 4, Y: c.Top + 8, Text: formatNumber(top), Anchor: "end", Class: "axis"})
	if len(cols) > 0 {
		c.Labels = append(c.Labels,
			chartText{X: c.X0, Y: base + 14, Text: cols[0], Anchor: "start", Class: "axis"},
			chartText{X: c.X0 + c.PW, Y: base + 14, Text: clockAfter(cols[len(cols)-1], day), Anchor: "end", Class: "axis"})
	}
	return c
}

// clockAfter is the end of the last column's interval, "19:30".
func clockAfter(last string, day []IntervalReport) string {
	for k, in := range day {
		if in.Start.Format("15:04") == last {
			if k+1 < len(day) {
				return day[k+1].Start.Format("15:04")
			}
			return "24:00"
		}
	}
	return last
}

// niceCeil rounds a chart's top up to 1, 2, 5 or 10 times a power of ten,
// or to an even number under 10.
func niceCeil(v float64) float64 {
	if v <= 10 {
		return math.Ceil(v/2) * 2
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// The charts are written here rather than by the page's template: a
// center's week has thousands of cells, and html/template's escaping of
// each attribute took most of the report's time (BENCHMARKS.md). Every
// text is escaped with template.HTMLEscapeString; the rest is numbers and
// the class names of this file.

// svgWriter builds a chart's markup.
type svgWriter struct{ strings.Builder }

// num writes x with one decimal, as the templates' num does.
func (w *svgWriter) num(x float64) {
	var buf [32]byte
	w.Write(strconv.AppendFloat(buf[:0], x, 'f', 1, 64))
}

// text writes s escaped.
func (w *svgWriter) text(s string) {
	w.WriteString(template.HTMLEscapeString(s))
}

// open writes an svg element's start tag of w×h with its label.
func (w *svgWriter) open(width, height float64, label string) {
	w.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	w.num(width)
	w.WriteString(`" height="`)
	w.num(height)
	w.WriteString(`" viewBox="0 0 `)
	w.num(width)
	w.WriteByte(' ')
	w.num(height)
	w.WriteString(`" role="img" aria-label="`)
	w.text(label)
	w.WriteString("\">\n")
}

// label writes a chartText.
func (w *svgWriter) label(t chartText) {
	w.WriteString(`<text`)
	if t.Class != "" {
		w.WriteString(` class="`)
		w.text(t.Class)
		w.WriteByte('"')
	}
	w.WriteString(` x="`)
	w.num(t.X)
	w.WriteString(`" y="`)
	w.num(t.Y)
	w.WriteByte('"')
	if t.Anchor != "" {
		w.WriteString(` text-anchor="`)
		w.text(t.Anchor)
		w.WriteByte('"')
	}
	w.WriteByte('>')
	w.text(t.Text)
	w.WriteString("</text>")
}

// rect writes a cell as a rect with its tooltip; rx rounds its corners.
func (w *svgWriter) rect(c heatCell, rx bool) {
	w.WriteString(`<rect class="`)
	w.text(c.Class)
	w.WriteString(`" x="`)
	w.num(c.X)
	w.WriteString(`" y="`)
	w.num(c.Y)
	w.WriteString(`" width="`)
	w.num(c.W)
	w.WriteString(`" height="`)
	w.num(c.H)
	w.WriteByte('"')
	if rx {
		w.WriteString(` rx="2"`)
	}
	w.WriteString("><title>")
	w.text(c.Tip)
	w.WriteString("</title></rect>")
}

// SVG is the heat map's markup.
func (h heatChart) SVG() template.HTML {
	var w svgWriter
	w.open(h.W, h.H, "Heat map of surplus and shortfall")
	for _, l := range h.Labels {
		w.label(l)
	}
	w.WriteByte('\n')
	for _, r := range h.Rows {
		w.WriteString(`<g class="day-row">`)
		w.label(r.Label)
		w.WriteByte('\n')
		for _, c := range r.Cells {
			w.rect(c, true)
			if c.Text.Text != "" {
				w.label(c.Text)
			}
			w.WriteByte('\n')
		}
		w.WriteString("</g>\n")
	}
	w.WriteString("</svg>")
	return template.HTML(w.String()) // #nosec: every text escaped above
}

// SVG is the day chart's markup.
func (c lineChart) SVG() template.HTML {
	var w svgWriter
	w.open(c.W, c.H, "Agents on roster against scheduled, "+c.Day)
	w.WriteString(`<rect class="frame" x="`)
	w.num(c.X0)
	w.WriteString(`" y="`)
	w.num(c.Top)
	w.WriteString(`" width="`)
	w.num(c.PW)
	w.WriteString(`" height="`)
	w.num(c.PH)
	w.WriteString("\"/>\n")
	for _, g := range c.Gaps {
		w.rect(g, false)
	}
	w.WriteByte('\n')
	if c.Closed {
		w.WriteString(`<text class="closed-note" x="`)
		w.num(c.X0)
		w.WriteString(`" y="`)
		w.num(c.Top)
		w.WriteString(`" dx="8" dy="20">closed</text>`)
	} else {
		// The dashed need on top, visible where the two are equal.
		w.WriteString(`<polyline class="have" points="`)
		w.WriteString(c.Have)
		w.WriteString(`"/><polyline class="need" points="`)
		w.WriteString(c.Need)
		w.WriteString(`"/>`)
	}
	w.WriteByte('\n')
	for _, l := range c.Labels {
		w.label(l)
	}
	w.WriteString("\n</svg>")
	return template.HTML(w.String()) // #nosec: every text escaped above
}
