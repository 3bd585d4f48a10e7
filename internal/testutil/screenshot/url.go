package screenshot

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// urlBudget is the virtual time, in milliseconds, Chromium gives a page
// at a URL to load and render before the screenshot: long enough for a
// JavaScript application to fetch its data and draw it.
const urlBudget = 10000

// TakeURL takes a width×height screenshot of the page at url in headless
// Chromium and decodes it, as Take does for a page's bytes; with
// EnvCopy set the PNG is copied there. It skips t when chromium is not on
// PATH; name is what the page is, for that message.
func TakeURL(t *testing.T, name, url string, width, height int) Shot {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skipf("chromium is not on PATH; apt-get install chromium to check the %s in a browser", name)
	}
	dir := t.TempDir()
	shot := filepath.Join(dir, "page.png")
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--no-first-run", "--disable-extensions", "--user-data-dir="+filepath.Join(dir, "profile"),
		fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+shot,
		"--run-all-compositor-stages-before-draw", fmt.Sprintf("--virtual-time-budget=%d", urlBudget), url)
	cmd.Env = append(os.Environ(), "HOME="+dir) // Chromium writes its caches there
	if out, cerr := cmd.CombinedOutput(); cerr != nil {
		t.Fatalf("chromium %s: %v\n%s", url, cerr, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot of %s: %v", url, err)
	}
	if dst := os.Getenv(EnvCopy); dst != "" {
		if err = os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err = os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", dst)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot of %s is not a PNG: %v", url, err)
	}
	if got := img.Bounds().Size(); got != (image.Point{X: width, Y: height}) {
		t.Fatalf("screenshot of %s is %v, want the window's %dx%d", url, got, width, height)
	}
	return summarise(img)
}
