package scorecard

import (
	"bytes"
	"image/color"
	"os"
	"testing"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/internal/testutil/configtest"
	"github.com/supportops/supportops/internal/testutil/screenshot"
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
	sc := screenshotScorecard(t)
	var page bytes.Buffer
	if err := HTML(&page, sc); err != nil {
		t.Fatal(err)
	}
	shot := screenshot.Take(t, "HTML dashboard", page.Bytes(), shotWidth, shotHeight)
	screenshot.CheckDrawn(t, shot)
	colours := shot.Colours
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
