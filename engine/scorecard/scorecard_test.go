package scorecard

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/internal/testutil"
	"github.com/supportops/supportops/internal/testutil/htmlpage"
)

// TestHTMLGolden renders the fixture's dashboard.
func TestHTMLGolden(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/scorecard.html", b.String())
}

// TestMarkdownGolden renders the fixture's scorecard as Markdown.
func TestMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/scorecard.md", b.String())
}

// TestHTMLSelfContained checks the page: it and every chart in it are
// well-formed XML, nothing is loaded from anywhere (no "http" but the SVG namespace, no
// script, no src or href), text is escaped, and each section is there.
func TestHTMLSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	svgs := htmlpage.Check(t, page)
	// 8 monthly and 4 weekly trends, the distribution, the heat map.
	if len(svgs) != 14 {
		t.Errorf("%d charts, want 14", len(svgs))
	}

	// The leaderboard: the award before the bonus before the points, the
	// most points first.
	order := []string{`<td class="reward">Service star</td>`, `<td class="reward">400 EUR</td>`,
		`<td class="who">Anna Schmidt (agent)</td><td class="reward">50 points</td>`, `<td class="who">Ben Kraus (agent)</td><td class="reward">30 points</td>`}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(page, order[i-1]), strings.Index(page, order[i]); a < 0 || b < a {
			t.Errorf("the leaderboard has %s at %d, want it before %s at %d", order[i-1], a, order[i], b)
		}
	}
	for _, want := range []string{
		`Average survey score &lt;script&gt;alert(&#34;1 &amp; 2&#34;)&lt;/script&gt;.`,
		`>Technical &lt;support&gt;</text>`,
		// A tile: value, target and gap by unit.
		`<div class="value">4.31</div><div class="target">target 4.60 · gap <b>−0.29</b></div>`,
		`<div class="value">1.31 %</div><div class="target">target 1.20 % · gap <b>−0.11 pts</b></div>`,
		`<div class="tile no-data">`,
		// The verdicts of the distribution.
		`<text class="verdict easy" x="820.0" y="70.0">Too easy? 7 of 8 agents excellent</text>`,
		`<text class="verdict spread" x="820.0" y="20.0">Spread: most agents excellent (3 of 7)</text>`,
		// The heat map prints the value in the band's colour, a dash where not measured.
		`<rect class="below" x="352.0" y="80.0" width="156.0" height="28.0" rx="3"><title>Complaints, resolution-rate: 71.4 % (below)</title></rect>`,
		`<text class="on-none" x="270.0" y="98.0" text-anchor="middle">–</text>`,
		// Tie and approval on the leaderboard.
		`<div class="tie">Tie: ben and cem both 4.81: ben has more rated tickets (40 to 31)</div>`,
		`<span class="approval pending">pending: team-lead → head-of-service (over 250 EUR)</span>`,
		`<td>Dana Wolf (agent)</td><td>missed Service star: csat-agent 4.62 &lt; 4.80 (excellent)</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
}

// TestJSONRoundTrip renders a scorecard read back from its JSON (as the
// daemon stores it) as the scorecard itself: results there have no
// direction, the gap of a lower-is-better KPI keeps its sign.
func TestJSONRoundTrip(t *testing.T) {
	sc := fixture()
	data, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	var back Scorecard
	if err = json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if err = HTML(&want, sc); err != nil {
		t.Fatal(err)
	}
	if err = HTML(&got, back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("the page of the scorecard read back from JSON (-want +got):\n%s", diff)
	}
}

// TestFormat formats values and gaps by metric.
func TestFormat(t *testing.T) {
	for name, tc := range map[string]struct {
		metric     string
		value, gap float64
		want       [2]string
	}{
		"service level":       {"service_level", 64.24, -15.76, [2]string{"64.2 %", "−15.8 pts"}},
		"small rate":          {"complaint_rate", 1.305, 0.05, [2]string{"1.30 %", "+0.05 pts"}},
		"hours":               {"avg_first_response", 14400, 1800, [2]string{"4h 0m", "+30m 0s"}},
		"hours and minutes":   {"aht", 5430, -3599.6, [2]string{"1h 31m", "−1h 0m"}},
		"minutes":             {"asa", 200, -59.5, [2]string{"3m 20s", "−59.5 s"}},
		"seconds":             {"avg_first_response", 25, 0, [2]string{"25 s", "on target"}},
		"fractional seconds":  {"asa", 21.55, 1.45, [2]string{"21.6 s", "+1.4 s"}},
		"csat":                {"csat", 4.305, -0.295, [2]string{"4.30", "−0.29"}},
		"qa":                  {"qa_score", 88.04, 0.004, [2]string{"88.0", "on target"}},
		"negative zero ":      {"fcr", 62, -0.001, [2]string{"62.0 %", "on target"}},
		"workload percentage": {"workload", 104.5, 4.5, [2]string{"104.5 %", "+4.50 pts"}},
	} {
		got := [2]string{formatValue(tc.metric, tc.value), formatGap(tc.metric, tc.gap)}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// TestVerdict says when a target looks too easy or too hard.
func TestVerdict(t *testing.T) {
	for name, tc := range map[string]struct {
		n    [numBands]int
		want [3]string
	}{
		"stretch":                        {[numBands]int{2, 5, 20, 3, 1}, [3]string{"Spread: most agents ok (20 of 30)", "spread", "2 excellent, 5 good, 20 ok, 3 below, 1 no data"}},
		"easy":                           {[numBands]int{16, 9, 5, 0, 4}, [3]string{"Too easy? 16 of 30 agents excellent", "easy", "16 excellent, 9 good, 5 ok, 4 no data"}},
		"half excellent is not too easy": {[numBands]int{15, 10, 5, 0, 4}, [3]string{"Spread: most agents excellent (15 of 30)", "spread", "15 excellent, 10 good, 5 ok, 4 no data"}},
		"hard":                           {[numBands]int{0, 1, 2, 5, 0}, [3]string{"Too hard? 5 of 8 agents below", "hard", "1 good, 2 ok, 5 below"}},
		"no data":                        {[numBands]int{0, 0, 0, 0, 6}, [3]string{"No data", "spread", "6 no data"}},
	} {
		v, class, detail := verdict(tc.n)
		if diff := cmp.Diff(tc.want, [3]string{v, class, detail}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}
