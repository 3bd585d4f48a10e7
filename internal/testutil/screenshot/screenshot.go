// Package screenshot renders an HTML page in headless Chromium (Debian's
// chromium package) for the tests of the project's HTML reports, and
// summarises the image so a test can check that the page is drawn.
package screenshot

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
)

// EnvCopy names the environment variable that, set to a path.png, makes
// Take copy the screenshot there, and the page to path.html, to be looked
// at (the Makefile's *-screenshot targets set it).
const EnvCopy = "SUPPORTOPS_SCREENSHOT"

// timeout bounds one Chromium run.
const timeout = 90 * time.Second

// Shot is a screenshot and what a test checks of it.
type Shot struct {
	// Image is the decoded PNG.
	Image image.Image
	// Colours counts the pixels of each colour.
	Colours map[color.RGBA]int
	// Lowest is the lowest row drawn on (not white); -1 for a blank image.
	Lowest int
}

// Take writes page to a temporary file, takes a width×height screenshot
// of it in headless Chromium and decodes it, failing t when Chromium
// fails or the image is not a PNG of the window's size. It skips t when
// chromium is not on PATH, saying how to install it; name is what the page
// is, for that message.
func Take(t *testing.T, name string, page []byte, width, height int) Shot {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skipf("chromium is not on PATH; apt-get install chromium to check the %s in a browser", name)
	}
	dir := t.TempDir()
	html := filepath.Join(dir, "page.html")
	if err = os.WriteFile(html, page, 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "page.png")
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	// Without the last two flags Chromium at times takes the screenshot
	// before it has painted the lower part of the page.
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--no-first-run", "--disable-extensions", "--user-data-dir="+filepath.Join(dir, "profile"),
		fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+shot,
		"--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000", "file://"+html)
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes its caches there
	if out, cerr := cmd.CombinedOutput(); cerr != nil {
		t.Fatalf("chromium: %v\n%s", cerr, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	if dst := os.Getenv(EnvCopy); dst != "" {
		keep(t, dst, data, page)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{X: width, Y: height}) {
		t.Fatalf("screenshot is %v, want the window's %dx%d", got, width, height)
	}
	return summarise(img)
}

// keep copies the screenshot to dst and the page beside it.
func keep(t *testing.T, dst string, data, page []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(dst, filepath.Ext(dst))+".html", page, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", dst)
}

// summarise counts img's colours and finds its lowest drawn row.
func summarise(img image.Image) Shot {
	s := Shot{Image: img, Colours: map[color.RGBA]int{}, Lowest: -1}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			s.Colours[c]++
			if c != white {
				s.Lowest = y
			}
		}
	}
	return s
}

// CheckDrawn fails t when the shot looks blank (fewer than 50 colours) or
// is not drawn to its bottom tenth, for a page longer than the window.
func CheckDrawn(t *testing.T, s Shot) {
	t.Helper()
	if len(s.Colours) < 50 {
		t.Errorf("the screenshot has %d colours: is the page blank?", len(s.Colours))
	}
	if b := s.Image.Bounds(); s.Lowest < b.Max.Y*9/10 {
		t.Errorf("nothing drawn below row %d of %d: the page is painted only in part", s.Lowest, b.Max.Y)
	}
}
