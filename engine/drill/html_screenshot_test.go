package drill_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/drill"
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
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; apt-get install chromium to check the HTML report in a browser")
	}
	r, p := completedOutageResult(t)
	if r.Score.Total <= 0 || r.Score.Total >= 100 || len(r.ActionItems) == 0 {
		t.Fatalf("the result should have a partial score and action items: %.1f, %v", r.Score.Total, r.ActionItems)
	}
	var page bytes.Buffer
	if err = drill.HTML(&page, r, p); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	html := filepath.Join(dir, "report.html")
	if err = os.WriteFile(html, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "report.png")
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	// Without the last two flags Chromium at times takes the screenshot
	// before it has painted the lower part of the page.
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--no-first-run", "--disable-extensions", "--user-data-dir="+filepath.Join(dir, "profile"),
		fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight), "--screenshot="+shot,
		"--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000", "file://"+html)
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes its caches there
	if out, cerr := cmd.CombinedOutput(); cerr != nil {
		t.Fatalf("chromium: %v\n%s", cerr, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	if dst := os.Getenv("SUPPORTOPS_SCREENSHOT"); dst != "" {
		if err = os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err = os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// The page too, to open in a browser.
		if err = os.WriteFile(strings.TrimSuffix(dst, filepath.Ext(dst))+".html", page.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", dst)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{X: shotWidth, Y: shotHeight}) {
		t.Errorf("screenshot is %v, want the window's %dx%d", got, shotWidth, shotHeight)
	}
	colours := map[color.RGBA]int{}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	lowest := -1 // the lowest row drawn on
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c]++
			if c != white {
				lowest = y
			}
		}
	}
	if len(colours) < 50 {
		t.Errorf("the screenshot has %d colours: is the page blank?", len(colours))
	}
	// The page is longer than the window: it is drawn to the bottom.
	if lowest < b.Max.Y*9/10 {
		t.Errorf("nothing drawn below row %d of %d: the page is painted only in part", lowest, b.Max.Y)
	}
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
