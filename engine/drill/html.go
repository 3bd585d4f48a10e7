package drill

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"time"
)

// Geometry of the timeline, in SVG user units.
const (
	tlLeft   = 180.0 // lane labels
	tlChart  = 720.0 // the time axis
	tlRight  = 150.0 // step labels past the last bar
	tlTop    = 34.0  // axis labels
	tlRow    = 24.0  // one step
	tlBar    = 14.0  // bar height
	tlPad    = 8.0   // above and below the rows of a lane
	tlLegend = 56.0  // end label and legend below the lanes
	// tlGap separates a step's label from its bar or deadline tick.
	tlGap = 6.0
	// tlChar is the width of a character of a step label, a little more
	// than the average of the 12px sans-serif fonts browsers pick, so
	// that a label placed to fit does.
	tlChar = 7.2
)

// Bar classes of the timeline; "late" marks a step done after its deadline
// or still open past it.
const (
	classOnTime  = "on-time"
	classLate    = "late"
	classSkipped = "skipped"
	classOpen    = "open"
)

type htmlPage struct {
	Title      string
	Header     [][2]string
	Total      string
	Components []htmlComponent
	Times      string
	Width      float64
	Height     float64
	Axis       []htmlTick
	AxisBottom float64
	// EndX marks the end of the run, EndLabel its outcome.
	EndX     float64
	EndLabel string
	Lanes    []htmlLane
	LegendY  float64
	Items    []ActionItem
	// Abort lists the plan's abort conditions.
	Abort []string
	Steps []htmlStep
}

type htmlComponent struct {
	Name, Weight, Value string
}

type htmlTick struct {
	X     float64
	Label string
}

type htmlLane struct {
	Role   string
	Person string
	Y, H   float64
	LabelY float64
	Bars   []htmlBar
}

type htmlBar struct {
	Step      string
	Tip       string
	Class     string
	HasBar    bool
	X, W, Y   float64
	RowY      float64
	RowBottom float64
	DeadlineX float64
	TextX     float64
	TextY     float64
	// Anchor is "end" for a label that ends left of its bar.
	Anchor string
	Label  string
}

type htmlStep struct {
	ID, Title, Owner, Deadline, State, Checked string
	Class                                      string
	Notes                                      []string
}

// HTML writes the report of a run of p as one self-contained page with
// inline CSS: the run and its score side by side; an SVG timeline with one
// lane per role, a bar per step from its notification to its completion
// (or to the end of the run while open), a tick at each deadline, late and
// skipped steps in their own colours and saying so in their labels; then
// the action items and the steps. The time axis is the drill clock. All
// text is escaped by html/template; the page is well-formed XML.
func HTML(w io.Writer, r Result, p *Plan) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"num": func(f float64) string { return fmt.Sprintf("%.1f", f) },
	}).Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("parse the report template: %w", err)
	}
	if err := t.Execute(w, page(r, p)); err != nil {
		return fmt.Errorf("write the report of drill %s as HTML: %w", r.Drill, err)
	}
	return nil
}

// page lays out the report.
func page(r Result, p *Plan) htmlPage {
	pg := htmlPage{
		Title:  modeTitle(r.Mode) + " report: " + r.PlanName,
		Header: header(r), Total: fmt.Sprintf("%.1f", r.Score.Total), Times: responseTimes(r, p),
		Items: r.ActionItems, Abort: p.AbortConditions, Width: tlLeft + tlChart + tlRight,
	}
	for _, c := range components(r, p) {
		pg.Components = append(pg.Components, htmlComponent{c.name, fmt.Sprintf("%g", c.weight), fmt.Sprintf("%.0f%%", 100*c.value)})
	}
	all := outcomes(p, r.Steps)
	span := max(p.TimeLimit, r.Elapsed)
	for _, s := range p.Steps {
		span = max(span, s.Deadline)
	}
	if span <= 0 {
		span = time.Minute
	}
	x := func(d time.Duration) float64 { return tlLeft + tlChart*float64(min(max(d, 0), span))/float64(span) }
	step := tickStep(span)
	for d := time.Duration(0); d <= span; d += step {
		pg.Axis = append(pg.Axis, htmlTick{X: x(d), Label: FormatDuration(d)})
	}
	roles := slices.Clone(p.Roles)
	for _, s := range p.Steps {
		if !slices.Contains(roles, s.Owner) {
			roles = append(roles, s.Owner)
		}
	}
	y := tlTop
	for _, role := range roles {
		lane := htmlLane{Role: role, Y: y}
		if person, ok := r.Assignments[role]; ok {
			lane.Person = person
		}
		row := y + tlPad
		for i, s := range p.Steps {
			if s.Owner != role {
				continue
			}
			o := all[i]
			b := htmlBar{Step: s.ID, RowY: row, RowBottom: row + tlRow, Y: row + (tlRow-tlBar)/2, DeadlineX: x(s.Deadline),
				TextY: row + tlRow/2 + 4, Label: s.ID + labelState(o, s)}
			if !o.Notified.IsZero() {
				end := r.Elapsed
				switch {
				case o.State == Done:
					end = o.Done.Elapsed
				case o.State == Skipped:
					end = o.Missed.Elapsed
				}
				b.HasBar = true
				b.X = x(o.Notified.Elapsed)
				b.W = max(x(end)-b.X, 2)
				b.Class = barClass(o, s)
			}
			placeLabel(&b, pg.Width)
			b.Tip = fmt.Sprintf("%s: %s — %s", s.ID, s.Title, stateText(o, s))
			lane.Bars = append(lane.Bars, b)
			row += tlRow
		}
		lane.H = max(row-y+tlPad, tlRow+2*tlPad)
		lane.LabelY = y + lane.H/2 - 2
		pg.Lanes = append(pg.Lanes, lane)
		y += lane.H
	}
	pg.AxisBottom = y
	pg.EndX = x(r.Elapsed)
	pg.EndLabel = r.Outcome.Words()
	pg.LegendY = y + 42
	pg.Height = y + tlLegend
	for i, s := range p.Steps {
		o := all[i]
		hs := htmlStep{ID: s.ID, Title: s.Title, Owner: owner(o), Deadline: FormatDuration(s.Deadline), State: stateText(o, s)}
		if o.Notified.IsZero() {
			hs.Class = "pending"
		} else {
			hs.Class = barClass(o, s)
		}
		if len(s.Checklist) > 0 {
			hs.Checked = fmt.Sprintf("%d of %d", len(o.Checked), len(s.Checklist))
		}
		for _, n := range o.Notes {
			hs.Notes = append(hs.Notes, fmt.Sprintf("%s (%s): %s", n.By, clock(r, n.At), n.Text))
		}
		pg.Steps = append(pg.Steps, hs)
	}
	return pg
}

// labelState is what a step's label says besides its id: that it was late
// (and by how much, once done), skipped or never started. The bar's
// colour says it too, but not to everyone.
func labelState(o StepOutcome, s Step) string {
	switch {
	case o.Notified.IsZero():
		return " (not started)"
	case o.State == Skipped:
		return " (skipped)"
	case o.State == Done && !o.OnTime(s):
		return " (" + FormatDuration(o.Done.Elapsed-s.Deadline) + " late)"
	case o.Late || o.State == Late:
		return " (late)"
	}
	return ""
}

// placeLabel puts a step's label where it reads as the step's: right
// after its bar when the deadline tick is not in the way, else right after
// the tick; and when that runs past the right edge of the timeline, ending
// left of the bar and the tick.
func placeLabel(b *htmlBar, width float64) {
	w := tlChar * float64(len([]rune(b.Label)))
	if b.HasBar {
		end := b.X + b.W
		clear := b.DeadlineX < end || b.DeadlineX > end+tlGap+w+tlGap
		if clear && end+tlGap+w <= width {
			b.TextX = end + tlGap
			return
		}
	}
	after := b.DeadlineX + tlGap
	if b.HasBar {
		after = max(b.X+b.W, b.DeadlineX) + tlGap
	}
	before := b.DeadlineX - tlGap
	if b.HasBar {
		before = min(b.X, b.DeadlineX) - tlGap
	}
	if after+w > width && before-w >= tlLeft {
		b.TextX, b.Anchor = before, "end"
		return
	}
	b.TextX = after
}

// barClass is the timeline class of a notified step.
func barClass(o StepOutcome, s Step) string {
	switch {
	case o.OnTime(s):
		return classOnTime
	case o.State == Skipped:
		return classSkipped
	case o.Late || o.State == Late || o.State == Done:
		return classLate
	}
	return classOpen
}

// tickStep is the largest of a few round intervals that puts at least six
// ticks on the axis.
func tickStep(span time.Duration) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	best := steps[0]
	for _, s := range steps {
		if span/s >= 6 {
			best = s
		}
	}
	return best
}

const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 1.5em auto; max-width: 1080px; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 0.5em; }
h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { text-align: left; padding: 0.2em 0.8em 0.2em 0; vertical-align: top; border-bottom: 1px solid #eaeef2; }
td.num { text-align: right; }
.summary { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 1.2em 3em; }
.summary table { margin: 0; }
.scorecard { flex: 1 1 320px; max-width: 560px; }
.scorecard h2 { margin-top: 0; }
.score { font-size: 2.2em; font-weight: 600; margin: 0.1em 0; line-height: 1.2; }
.times { color: #57606a; margin: 0.4em 0 0; }
table.steps { width: 100%; }
svg { display: block; margin: 0.6em 0; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
svg .axis text { fill: #57606a; }
svg .grid { stroke: #eaeef2; }
svg .end line { stroke: #6e7781; stroke-dasharray: 4 3; }
svg .end text { fill: #57606a; font-style: italic; }
svg .lane-bg { fill: #f6f8fa; }
svg .lane:nth-of-type(even) .lane-bg { fill: #ffffff; }
svg .role { font-weight: 600; }
svg .person { fill: #57606a; }
.bar { stroke: none; }
.on-time { fill: #2f9e44; }
.late { fill: #e8590c; }
.skipped { fill: #adb5bd; }
.open { fill: #4c6ef5; }
.deadline { stroke: #1f2328; stroke-width: 2; }
tr.late td { color: #c2410c; font-weight: 600; }
tr.skipped td, tr.pending td { color: #6e7781; }
ol li { margin: 0.2em 0; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="summary">
<table class="run">
{{range .Header}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
<section class="scorecard">
<h2>Score</h2>
<p class="score">{{.Total}} / 100</p>
<table class="components">
<tr><th>Component</th><th>Weight</th><th>Value</th></tr>
{{range .Components}}<tr><td>{{.Name}}</td><td class="num">{{.Weight}}</td><td class="num">{{.Value}}</td></tr>
{{end}}</table>
<p class="times">{{.Times}}</p>
</section>
</div>

<h2>Timeline</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="{{num .Width}}" height="{{num .Height}}" viewBox="0 0 {{num .Width}} {{num .Height}}" role="img" aria-label="Timeline of the steps by role">
<g class="axis">
{{range .Axis}}<line class="grid" x1="{{num .X}}" y1="24" x2="{{num .X}}" y2="{{num $.AxisBottom}}"/><text x="{{num .X}}" y="18" text-anchor="middle">{{.Label}}</text>
{{end}}</g>
{{range .Lanes}}<g class="lane" data-role="{{.Role}}">
<rect class="lane-bg" x="0" y="{{num .Y}}" width="{{num $.Width}}" height="{{num .H}}"/>
<text class="role" x="8" y="{{num .LabelY}}">{{.Role}}</text>{{if .Person}}<text class="person" x="8" y="{{num .LabelY}}" dy="14">{{.Person}}</text>{{end}}
{{range .Bars}}<g class="step" data-step="{{.Step}}">{{if .HasBar}}<rect class="bar {{.Class}}" x="{{num .X}}" y="{{num .Y}}" width="{{num .W}}" height="14" rx="3"><title>{{.Tip}}</title></rect>{{end}}<line class="deadline" x1="{{num .DeadlineX}}" y1="{{num .RowY}}" x2="{{num .DeadlineX}}" y2="{{num .RowBottom}}"/><text x="{{num .TextX}}" y="{{num .TextY}}"{{if .Anchor}} text-anchor="{{.Anchor}}"{{end}}>{{.Label}}</text></g>
{{end}}</g>
{{end}}<g class="end"><line x1="{{num .EndX}}" y1="24" x2="{{num .EndX}}" y2="{{num .AxisBottom}}"/><text x="{{num .EndX}}" y="{{num .AxisBottom}}" dx="4" dy="14">{{.EndLabel}}</text></g>
<g class="legend" transform="translate(180 {{num .LegendY}})">
<rect class="bar on-time" x="0" y="-10" width="14" height="10"/><text x="20" y="0">on time</text>
<rect class="bar late" x="90" y="-10" width="14" height="10"/><text x="110" y="0">late</text>
<rect class="bar skipped" x="160" y="-10" width="14" height="10"/><text x="180" y="0">skipped</text>
<rect class="bar open" x="250" y="-10" width="14" height="10"/><text x="270" y="0">open</text>
<line class="deadline" x1="327" y1="-12" x2="327" y2="2"/><text x="334" y="0">deadline</text>
</g>
</svg>

<h2>Action items</h2>
{{if .Items}}<ol class="action-items">
{{range .Items}}<li class="{{.Kind}}">{{.Text}}</li>
{{end}}</ol>{{else}}<p>None.</p>{{end}}
{{if .Abort}}
<h2>Abort conditions</h2>
<ul class="abort-conditions">
{{range .Abort}}<li>{{.}}</li>
{{end}}</ul>{{end}}

<h2>Steps</h2>
<table class="steps">
<tr><th>Step</th><th>Owner</th><th>Deadline</th><th>State</th><th>Checklist</th><th>Notes</th></tr>
{{range .Steps}}<tr class="{{.Class}}"><td>{{.ID}}: {{.Title}}</td><td>{{.Owner}}</td><td class="num">{{.Deadline}}</td><td>{{.State}}</td><td>{{.Checked}}</td><td>{{range .Notes}}<div>{{.}}</div>{{end}}</td></tr>
{{end}}</table>
</body>
</html>
`
