package staffing_test

import (
	"bytes"
	"image/color"
	"testing"

	"github.com/supportops/supportops/engine/staffing"
	"github.com/supportops/supportops/internal/testutil/screenshot"
)

// Screenshot geometry: the width the page is made for, tall enough for
// the shortfalls and every queue channel's heat map and day charts.
const shotWidth, shotHeight = 1280, 2600

// The fills of the heat map in the page's CSS (html_template.go): a cell
// 1 to 3 agents short, and one met with 1 to 3 to spare.
var (
	shortColour = color.RGBA{0xe5, 0x53, 0x4b, 0xff}
	metColour   = color.RGBA{0x8f, 0xd6, 0x94, 0xff}
)

// TestHTMLScreenshot renders acme-shop's week and takes a screenshot of it
// in headless Chromium (Debian's chromium package), checking that the page
// draws to the bottom in many colours and that the heat maps show both the
// Monday-morning shortfall in red and the met intervals in green. With
// SUPPORTOPS_SCREENSHOT=path.png the PNG is copied there to be looked at,
// and the page to path.html (make staffing-screenshot).
func TestHTMLScreenshot(t *testing.T) {
	center, rep := acmeReport(t)
	var page bytes.Buffer
	if err := staffing.HTML(&page, center, rep); err != nil {
		t.Fatal(err)
	}
	shot := screenshot.Take(t, "staffing week", page.Bytes(), shotWidth, shotHeight)
	screenshot.CheckDrawn(t, shot)
	// The legend's swatch is 14×14 = 196 pixels; the shortfall's three
	// cells (44×24 each, less the figures printed on them) add about 3,000,
	// the met cells tens of thousands.
	if got := shot.Colours[shortColour]; got < 2000 {
		t.Errorf("%d pixels of the shortfall colour %v, want Monday's three short cells drawn", got, shortColour)
	}
	if got := shot.Colours[metColour]; got < 10000 {
		t.Errorf("%d pixels of the met colour %v, want the met intervals drawn", got, metColour)
	}
}
