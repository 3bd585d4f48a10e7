package scorecard

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

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// exampleHistory is acme-shop's month of history, which the screenshot
// shows when it is there.
const (
	exampleDir     = "../../examples/acme-shop"
	exampleHistory = exampleDir + "/history/2026-11.jsonl.gz"
)

// Screenshot geometry: the width the page is made for, tall enough for the
// tiles, the charts, the distribution and the heat map.
const (
	shotWidth, shotHeight = 1280, 2400
)

// bandColours are the fills of the bands in the page's CSS (template.go).
func bandColours() map[string]color.RGBA {
	return map[string]color.RGBA{
		"excellent": {0x1f, 0x88, 0x3d, 0xff},
		"good":      {0x8f, 0xd6, 0x94, 0xff},
		"ok":        {0xf2, 0xcc, 0x60, 0xff},
		"below":     {0xe5, 0x53, 0x4b, 0xff},
	}
}

// screenshotScorecard is the scorecard of acme-shop's example history
// (its last complete month, payouts decided by its policies), or the
// fixture while the example has no history.
func screenshotScorecard(t *testing.T) Scorecard {
	f, err := os.Open(exampleHistory)
	if os.IsNotExist(err) {
		t.Logf("%s is not there: the screenshot shows the test fixture", exampleHistory)
		return fixture()
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := history.Read(exampleHistory, f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Compile(t.Context(), configtest.Load(t, exampleDir))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := FromRecords(t.Context(), b.Snapshot.Config, b.Engine, records, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestHTMLScreenshot renders the dashboard of acme-shop's example month and
// takes a screenshot of it in headless Chromium (Debian's chromium
// package), checking that the page draws: the image has the window's
// size, many colours, drawn to the bottom, and the colour of every band
// the card has (tiles, bars, heat map cells). With
// SUPPORTOPS_SCREENSHOT=path.png the PNG is copied there to be looked at,
// and the page to path.html (make scorecard-screenshot).
func TestHTMLScreenshot(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; apt-get install chromium to check the HTML dashboard in a browser")
	}
	sc := screenshotScorecard(t)
	var page bytes.Buffer
	if err = HTML(&page, sc); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	html := filepath.Join(dir, "scorecard.html")
	if err = os.WriteFile(html, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "scorecard.png")
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
	if lowest < b.Max.Y*9/10 {
		t.Errorf("nothing drawn below row %d of %d: the page is painted only in part", lowest, b.Max.Y)
	}
	n := bandCounts(sc.Card.Results)
	for i, band := range bands() {
		c, ok := bandColours()[string(band)]
		if !ok || n[i] == 0 {
			continue
		}
		// The legend's swatch is 14×14; a tile's border, a bar segment or
		// a heat map cell adds hundreds of pixels.
		if got := colours[c]; got < 400 {
			t.Errorf("%d pixels of the %s colour %v, want the card's %d %s results drawn", got, band, c, n[i], band)
		}
	}
}
