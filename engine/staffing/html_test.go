package staffing_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/roster"
	"github.com/supportops/supportops/engine/staffing"
	"github.com/supportops/supportops/internal/testutil"
	"github.com/supportops/supportops/internal/testutil/htmlpage"
)

// acmeExample is the example configuration the report tests render.
const acmeExample = "../../examples/acme-shop"

// acmeReport is acme-shop's staffing week and its center's name.
func acmeReport(t *testing.T) (string, staffing.Report) {
	t.Helper()
	l, err := config.NewLoader()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := l.Load(t.Context(), acmeExample)
	if err != nil {
		t.Fatalf("acme-shop is invalid:\n%v", err)
	}
	week, err := staffing.CheckWeek(snap.Config, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := roster.Week(snap.Config, week)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := staffing.Analyse(snap.Config, plan)
	if err != nil {
		t.Fatal(err)
	}
	return snap.Config.Center.Name, rep
}

// TestTextAcmeShop is the text report of acme-shop's week, in a golden
// file: the Monday-morning after-sales shortfall marked SHORT.
func TestTextAcmeShop(t *testing.T) {
	_, rep := acmeReport(t)
	var b bytes.Buffer
	if err := staffing.Text(&b, rep); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	testutil.Golden(t, "testdata/acme-week-report.txt", got)
	for _, want := range []string{
		"Staffing week 2026-W49 (Europe/Berlin), 30m intervals, 20 % shrinkage\n",
		"after-sales phone: 80 % within 20s, Erlang A\n",
		"Shortfalls (1):\n  warning: queue after-sales, phone: Mon 08:00–09:30 (2026-W49) needs 4 agents (5 on roster with 20 % shrinkage), 3 scheduled;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if n := strings.Count(got, "SHORT\n"); n != 3 {
		t.Errorf("%d rows marked SHORT, want Monday's 08:00, 08:30 and 09:00", n)
	}
}

// TestJSONAcmeShop is the report of acme-shop's week as JSON, what
// `supportops staffing --output json` prints, in a golden file.
func TestJSONAcmeShop(t *testing.T) {
	_, rep := acmeReport(t)
	testutil.GoldenJSON(t, "testdata/acme-week.json", rep)
}

// TestHTMLAcmeShop is the page of acme-shop's week, in a golden file.
func TestHTMLAcmeShop(t *testing.T) {
	center, rep := acmeReport(t)
	var b bytes.Buffer
	if err := staffing.HTML(&b, center, rep); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/acme-week.html", b.String())
}

// TestHTMLSelfContained checks acme-shop's page: it and every chart are
// well-formed XML, nothing is loaded from anywhere (no "http" but the SVG
// namespace, no script, no src or href), and the heat map's cells say
// what they are.
func TestHTMLSelfContained(t *testing.T) {
	center, rep := acmeReport(t)
	var b bytes.Buffer
	if err := staffing.HTML(&b, center, rep); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	svgs := htmlpage.Check(t, page)
	// Per queue channel a heat map and seven days.
	if want := len(rep.Queues) * 8; len(svgs) != want {
		t.Errorf("%d charts, want %d", len(svgs), want)
	}

	for _, want := range []string{
		"<title>Acme Shop Kundenservice staffing 2026-W49</title>",
		// Monday 08:00 of the after-sales phones, the first column: 2 short.
		`<rect class="short2" x="96.0" y="22.0" width="50.0" height="24.0" rx="2"><title>after-sales phone, Mon 30 Nov 08:00: 15 contacts (2.50 Erlangs); required 4 (Erlang C 5, Erlang A 4), 5 on roster; 3 scheduled, 2 answering after shrinkage; reaches 56.4 %, goal 80 % within 20s; short by 2</title></rect>`,
		// The shortfall with what closes it.
		`<td class="when">Mon 30 Nov 08:00–09:30</td><td>4 agents answering, 5 on roster with 20 % shrinkage</td><td class="num">3</td><td class="num add">&#43;2</td>`,
		// The agents on shift then, by id.
		`<td class="shifts">julia-wagner, lukas-neumann, sabine-mueller</td>`,
		// Sunday is closed.
		`Sun 6 Dec · <span class="sub">closed</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestHTMLUnreachableAndGate: a goal no headcount reaches (100 %) marks
// its cells unreachable (∞) and counts no shortfall; a gated one that the
// roster leaves short badges the queue and the shortfall, its cells 3
// short (08:00-09:00) and 1 short (09:00-10:00).
func TestHTMLUnreachableAndGate(t *testing.T) {
	all := 100.0
	unreachable := workedConfig("", false)
	unreachable.Staffing.Goals["phone-de"]["phone"] = model.StaffingGoal{Within: "20s", ServiceLevel: &all}
	tests := map[string]struct {
		rep       staffing.Report
		want      []string
		wantCount map[string]int
	}{
		"unreachable": {
			rep:       analyseWeek(t, unreachable),
			want:      []string{`<span class="badge good">every interval met</span>`, `; no headcount reaches 100 % within 20s</title></rect><text class="on-unreach"`, "<p>None: every interval has the agents it needs.</p>"},
			wantCount: map[string]int{`<rect class="unreach"`: 4, `text-anchor="middle">∞</text>`: 4},
		},
		"gated and short": {
			rep:       analyseWeek(t, workedConfig("", true)),
			want:      []string{`<td class="queue">phone-de · phone<span class="badge gate">gate</span></td><td class="when">Tue 1 Dec 08:00–10:00</td>`, `<span class="badge bad">4 short intervals</span>`},
			wantCount: map[string]int{`<rect class="short3"`: 2, `<rect class="short2"`: 2, `<rect class="short1"`: 0},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := staffing.HTML(&b, "C", tc.rep); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			for w, n := range tc.wantCount {
				if got := strings.Count(page, w); got != n {
					t.Errorf("%d times %s, want %d", got, w, n)
				}
			}
		})
	}
}
