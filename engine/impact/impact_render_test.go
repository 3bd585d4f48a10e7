package impact

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/staffing"
	"github.com/supportops/supportops/internal/testutil"
)

// renderResult is a hand-made change of 21,530 records: a tighter chat
// SLA (first_reply on chat 4.1 % → 9.8 %), returns moved from
// after-sales to logistics, one ticket routed to no queue; the after-sales
// phones' forecast scaled by 1,473 ÷ 1,773 tickets, the returns chats'
// kept (no base tickets).
func renderResult() Result {
	return Result{
		Tickets: 21530, Changed: 1284, Skipped: 12, NoQueue: 1,
		Counts: Counts{Queue: 301, Team: 300, SLAPolicy: 2, Due: 1120, Breach: 140, Escalation: 37},
		Examples: map[string][]string{
			KindQueue: {"T-000017", "T-000042"}, KindTeam: {"T-000017"}, KindSLAPolicy: {"T-000100", "T-000101"},
			KindDue: {"T-000003", "T-000004", "T-000005"}, KindBreach: {"T-000007"}, KindEscalation: {"T-000009"},
			KindNoQueue: {"T-000042"},
		},
		Routing: []Flow{
			{FromQueue: "after-sales", FromTeam: "after-sales", ToQueue: "after-sales", ToTeam: "after-sales", Tickets: 5000},
			{FromQueue: "after-sales", FromTeam: "after-sales", ToQueue: "returns", ToTeam: "logistics", Tickets: 300},
			{FromQueue: "complaints", FromTeam: "complaints", ToQueue: "", ToTeam: "", Tickets: 1},
		},
		Breaches: []BreachRate{
			{Metric: "first_reply", Queue: "after-sales", Tickets: 7192, Before: 3, After: 5.1, BreachedBefore: 216, BreachedAfter: 367, FlippedToBreach: 151},
			{Metric: "first_reply", Queue: "pre-sales", Tickets: 8000, Before: 2.5, After: 2.5, BreachedBefore: 200, BreachedAfter: 200},
			{Metric: "resolution", Queue: "returns", Tickets: 300, Before: 1, After: 0.7, BreachedBefore: 3, BreachedAfter: 2, FlippedToMet: 1},
		},
		BreachesByChannel: []BreachRate{
			{Metric: "first_reply", Channel: "chat", Tickets: 2439, Before: 4.1, After: 9.8, BreachedBefore: 100, BreachedAfter: 239, FlippedToBreach: 139},
			{Metric: "first_reply", Channel: "email", Tickets: 8000, Before: 2.5, After: 2.5, BreachedBefore: 200, BreachedAfter: 200},
		},
		StaffingWeek: "2026-W49",
		StaffingVolumes: []StaffingVolume{
			{Queue: "after-sales", Channel: "phone", Base: 1773, Head: 1473, Factor: 0.8308},
			{Queue: "pre-sales", Channel: "email", Base: 1101, Head: 1101, Factor: 1},
			{Queue: "returns", Channel: "chat", Base: 0, Head: 12, Factor: 1},
		},
		Staffing: []staffing.Transition{{Queue: "after-sales", Channel: "phone", From: "met", To: "short", OnRoster: 5, Scheduled: 3,
			Start: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC)}},
		Workload: []TeamWeek{
			{Team: "after-sales", Week: "2026-W45", Before: 1300, After: 1225},
			{Team: "complaints", Week: "2026-W45", Before: 400, After: 400},
			{Team: "logistics", Week: "2026-W45", Before: 900, After: 975},
		},
	}
}

func TestRender(t *testing.T) {
	notComputed := Result{Tickets: 3, Changed: 1, Counts: Counts{Queue: 1}, Examples: map[string][]string{KindQueue: {"T-1"}},
		Routing:       []Flow{{FromQueue: "a", FromTeam: "x", ToQueue: "b", ToTeam: "x", Tickets: 1}},
		StaffingError: "forecasts of queue a: no week"}
	staffingMet := Result{Tickets: 3, Changed: 1, Counts: Counts{Due: 1}, Examples: map[string][]string{KindDue: {"T-2"}}, StaffingWeek: "2026-W49"}
	volumesOnly := Result{Tickets: 3, Changed: 1, Counts: Counts{Queue: 1}, Examples: map[string][]string{KindQueue: {"T-3"}},
		Routing:         []Flow{{FromQueue: "a", FromTeam: "x", ToQueue: "b", ToTeam: "x", Tickets: 1}},
		StaffingWeek:    "2026-W49",
		StaffingVolumes: []StaffingVolume{{Queue: "a", Channel: "phone", Base: 1, Head: 0, Factor: 0}, {Queue: "b", Channel: "phone", Base: 2, Head: 3, Factor: 1.5}}}
	noImpact := Result{Tickets: 20060, Routing: []Flow{{FromQueue: "chat", FromTeam: "support", ToQueue: "chat", ToTeam: "support", Tickets: 20060}}}
	tests := []struct {
		name   string
		result Result
	}{
		{"change", renderResult()},
		{"no-impact", noImpact},
		{"staffing-not-computed", notComputed},
		{"staffing-unmoved", staffingMet},
		{"staffing-volumes-only", volumesOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var text, md bytes.Buffer
			if err := tt.result.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := tt.result.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, "testdata/render/"+tt.name+".txt", text.String())
			testutil.Golden(t, "testdata/render/"+tt.name+".md", md.String())
		})
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct {
		name   string
		result Result
		want   string
	}{
		{"breach rate", renderResult(), "1,284 of 21,530 tickets change; first-reply breaches on chat 4.1 % → 9.8 %"},
		{"no breach moves", Result{Tickets: 10, Changed: 2, Breaches: []BreachRate{{Metric: "first_reply", Queue: "chat", Before: 5, After: 5}}},
			"2 of 10 tickets change; no breach rate moves"},
		{"no SLA at all", Result{Tickets: 1000000, Changed: 1}, "1 of 1,000,000 tickets change"},
		{"the largest fall", Result{Tickets: 10, Changed: 2, Breaches: []BreachRate{
			{Metric: "first_reply", Queue: "chat", Before: 5, After: 6}, {Metric: "resolution", Queue: "email", Before: 50, After: 20}}},
			"2 of 10 tickets change; resolution breaches on email 50.0 % → 20.0 %"},
		{"a channel before a queue", Result{Tickets: 10, Changed: 2,
			Breaches:          []BreachRate{{Metric: "first_reply", Queue: "after-sales", Before: 5, After: 60}},
			BreachesByChannel: []BreachRate{{Metric: "first_reply", Channel: "phone", Before: 5, After: 6}}},
			"2 of 10 tickets change; first-reply breaches on phone 5.0 % → 6.0 %"},
		{"nothing", Result{Tickets: 3}, "No impact: none of the 3 tickets compared change."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.result.Headline()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMarkdownLongTables: a table longer than the comment shows ends in a
// row counting the rest; a cell's | does not split it.
func TestMarkdownLongTables(t *testing.T) {
	r := Result{Tickets: 100, Changed: 40}
	for i := range 40 {
		r.Routing = append(r.Routing, Flow{FromQueue: "a|b", ToQueue: "q" + formatCount(i), Tickets: 1})
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(md.String(), "| a\\|b | q"); got != maxMarkdownRows {
		t.Errorf("%d routing rows shown, want %d:\n%s", got, maxMarkdownRows, md.String())
	}
	if !strings.Contains(md.String(), "| … 10 more (--output json has every row) | | |\n") {
		t.Errorf("no row counting the 10 others:\n%s", md.String())
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 21530: "21,530", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
