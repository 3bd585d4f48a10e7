package screenshot

import (
	"image"
	"image/color"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summarise counts colours and finds the lowest row drawn on.
func TestSummarise(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 5))
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	red := color.RGBA{0xe5, 0x53, 0x4b, 0xff}
	for y := range 5 {
		for x := range 4 {
			img.Set(x, y, white)
		}
	}
	img.Set(1, 1, red)
	img.Set(2, 3, red)
	s := summarise(img)
	if diff := cmp.Diff(map[color.RGBA]int{white: 18, red: 2}, s.Colours); diff != "" || s.Lowest != 3 {
		t.Errorf("lowest %d (want 3), colours (-want +got):\n%s", s.Lowest, diff)
	}
	if blank := summarise(image.NewRGBA(image.Rect(0, 0, 2, 2))); blank.Lowest != 1 {
		// Transparent black is not white: drawn.
		t.Errorf("lowest of a transparent image %d, want 1", blank.Lowest)
	}
}
