// Package htmlpage checks the project's HTML reports as the tests of each
// need: a self-contained page (nothing loaded from elsewhere) whose SVG
// charts and whole markup are well-formed XML.
package htmlpage

import (
	"regexp"
	"strings"
	"testing"
)

// svgElement matches one inline SVG chart.
var svgElement = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// loaders are what would make a page load something: scripts, sources,
// links, stylesheets, imports and URLs in CSS.
var loaders = []string{"<script", "src=", "href=", "<link", "@import", "url("}

// Check fails t when the page or one of its SVG charts is not well-formed
// XML, or when the page would load anything (a script, a link, a URL other
// than the SVG namespace). It returns the charts, for the caller to count
// and inspect.
func Check(t *testing.T, page string) []string {
	t.Helper()
	svgs := svgElement.FindAllString(page, -1)
	for i, s := range append(svgs, page) {
		if err := wellFormed(s); err != nil {
			t.Fatalf("chart %d of %d (the last is the page) is not well-formed XML: %v\n%s", i+1, len(svgs)+1, err, s)
		}
	}
	if n, ns := strings.Count(page, "http"), strings.Count(page, `xmlns="http://www.w3.org/2000/svg"`); n != ns {
		t.Errorf("%d occurrences of http, want only the %d SVG namespaces", n, ns)
	}
	for _, bad := range loaders {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %q: it must load nothing", bad)
		}
	}
	return svgs
}
