package drill_test

import (
	"bytes"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/internal/testutil/screenshot"
)

// completedOutageResult is outageRun run to the end: most steps on time,
// deflect done late after an escalation, and the known-issue macro skipped
// at its deadline (the plan is given on_miss: skip there), so recovery
// goes ahead without it.
func completedOutageResult(t *testing.T) (drill.Result, *drill.Plan) {
	p := examplePlan(t, "outage-major")
	for i := range p.Steps {
		if p.Steps[i].ID == "known-issue-macro" {
			p.Steps[i].OnMiss = drill.Skip
		}
	}
	m := time.Minute
	h := time.Hour
	r := outageRun(p)
	r.EndedAt, r.Elapsed, r.Outcome = t0.Add(2*h+30*m), 2*h+30*m, drill.Completed
	for i, o := range r.Steps {
		switch o.Step {
		case "known-issue-macro":
			r.Steps[i].State, r.Steps[i].Escalations = drill.Skipped, nil
		case "recovery":
			r.Steps[i].State, r.Steps[i].Notified = drill.Done, at(30*m, "")
			r.Steps[i].Acknowledged, r.Steps[i].Done = at(35*m, "nina-zimmermann"), at(2*h+10*m, "nina-zimmermann")
		case "close":
			r.Steps[i].State, r.Steps[i].Notified = drill.Done, at(2*h+10*m, "")
			r.Steps[i].Acknowledged, r.Steps[i].Done = at(2*h+12*m, "petra-lange"), at(2*h+30*m, "petra-lange")
		}
	}
	return drill.Evaluate(p, r), p
}

// Screenshot geometry, and colours of the report's CSS (html.go) that
// must show: the bars of on-time, late and skipped steps.
const (
	shotWidth, shotHeight = 1280, 900
)

var (
	colourOnTime  = color.RGBA{0x2f, 0x9e, 0x44, 0xff}
	colourLate    = color.RGBA{0xe8, 0x59, 0x0c, 0xff}
	colourSkipped = color.RGBA{0xad, 0xb5, 0xbd, 0xff}
)

// TestHTMLScreenshot renders the HTML report of a completed drill and
// takes a screenshot of it in headless Chromium (Debian's chromium
// package), checking that the page draws: the image has the window's
// size, many colours, and the colours of on-time, late and skipped bars.
// With SUPPORTOPS_SCREENSHOT=path.png the PNG is copied there to be looked
// at, and the page to path.html (make report-screenshot).
func TestHTMLScreenshot(t *testing.T) {
	r, p := completedOutageResult(t)
	if r.Score.Total <= 0 || r.Score.Total >= 100 || len(r.ActionItems) == 0 {
		t.Fatalf("the result should have a partial score and action items: %.1f, %v", r.Score.Total, r.ActionItems)
	}
	var page bytes.Buffer
	if err := drill.HTML(&page, r, p); err != nil {
		t.Fatal(err)
	}
	shot := screenshot.Take(t, "HTML report", page.Bytes(), shotWidth, shotHeight)
	screenshot.CheckDrawn(t, shot)
	colours := shot.Colours
	for name, c := range map[string]color.RGBA{"on-time": colourOnTime, "late": colourLate, "skipped": colourSkipped} {
		// A bar is 14 px high and several wide; the legend's swatch alone
		// is 14×10.
		if n := colours[c]; n < 200 {
			t.Errorf("%d pixels of the %s colour %v, want the bars and the legend drawn", n, name, c)
		}
	}
}

// TestHTMLLabels checks the timeline's step labels: they say late and
// skipped in words, and one that would run past the right edge ends left
// of its deadline tick instead.
func TestHTMLLabels(t *testing.T) {
	r, p := completedOutageResult(t)
	var b bytes.Buffer
	if err := drill.HTML(&b, r, p); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{">deflect (6m late)</text>", ">known-issue-macro (skipped)</text>", ">staffing</text>"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the timeline has no label %q", s)
		}
	}
	// Nothing happened in a 24h plan: the labels of the 24h steps end
	// before their ticks.
	p = examplePlan(t, "public-complaint")
	r = drill.Evaluate(p, drill.Result{Drill: "pc", Plan: p.ID, PlanName: p.Name, Mode: drill.ModeLive, StartedAt: t0, EndedAt: t0, Outcome: drill.TimedOut})
	b.Reset()
	if err := drill.HTML(&b, r, p); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`text-anchor="end">monitor-close (not started)</text>`, `text-anchor="end">root-cause (not started)</text>`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the timeline has no label %q", s)
		}
	}
	if n := strings.Count(b.String(), `text-anchor="end"`); n != 2 {
		t.Errorf("%d labels end left of their tick, want the two at 24h", n)
	}
}
