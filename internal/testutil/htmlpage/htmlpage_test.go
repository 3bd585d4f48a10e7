package htmlpage

import "testing"

// wellFormed accepts a chart and refuses broken markup.
func TestWellFormed(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>`, true},
		{`<html><body><p>a &amp; b</p></body></html>`, true},
		{`<svg><rect></svg>`, false},
		{`<p>a & b</p>`, false},
	} {
		if err := wellFormed(tc.in); (err == nil) != tc.ok {
			t.Errorf("wellFormed(%q) = %v, want ok %v", tc.in, err, tc.ok)
		}
	}
}

// Check returns the charts of a self-contained page.
func TestCheck(t *testing.T) {
	page := `<html><body><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg><svg xmlns="http://www.w3.org/2000/svg"></svg></body></html>`
	if got := Check(t, page); len(got) != 2 {
		t.Errorf("%d charts, want 2", len(got))
	}
}
