package impact

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want Threshold
		err  string
	}{
		{name: "any breach rate", expr: "breach-rate+2pp",
			want: Threshold{Expr: "breach-rate+2pp", Measure: "breach-rate", Limit: 2, Unit: "pp"}},
		{name: "one metric", expr: "breach-rate:first_reply+1pp",
			want: Threshold{Expr: "breach-rate:first_reply+1pp", Measure: "breach-rate", Scope: []string{"first_reply"}, Limit: 1, Unit: "pp"}},
		{name: "metric and queue, decimal", expr: "breach-rate:*:chat+0.5pp",
			want: Threshold{Expr: "breach-rate:*:chat+0.5pp", Measure: "breach-rate", Scope: []string{"*", "chat"}, Limit: 0.5, Unit: "pp"}},
		{name: "no queue", expr: "no-queue", want: Threshold{Expr: "no-queue", Measure: "no-queue"}},
		{name: "bare kind", expr: "approval", want: Threshold{Expr: "approval", Measure: "approval"}},
		{name: "no queue count", expr: "no-queue>3", want: Threshold{Expr: "no-queue>3", Measure: "no-queue", Limit: 3}},
		{name: "changed share", expr: "changed>5%", want: Threshold{Expr: "changed>5%", Measure: "changed", Limit: 5, Unit: "%"}},
		{name: "changed count, spaces", expr: " changed > 100 ", want: Threshold{Expr: " changed > 100 ", Measure: "changed", Limit: 100}},
		{name: "a kind", expr: "sla_policy>10", want: Threshold{Expr: "sla_policy>10", Measure: "sla_policy", Limit: 10}},
		{name: "workload", expr: "workload:after-sales+20%",
			want: Threshold{Expr: "workload:after-sales+20%", Measure: "workload", Scope: []string{"after-sales"}, Limit: 20, Unit: "%"}},
		{name: "breach rate without pp", expr: "breach-rate+2", err: "a breach rate rises by points"},
		{name: "breach rate with >", expr: "breach-rate>2pp", err: "a breach rate rises by points"},
		{name: "count with +", expr: "changed+5%", err: "a count is limited as changed>N"},
		{name: "unknown measure", expr: "breaches+2pp", err: `unknown measure "breaches"`},
		{name: "no operator", expr: "changed", err: "want MEASURE+N or MEASURE>N"},
		{name: "empty", expr: "", err: "want MEASURE+N or MEASURE>N"},
		{name: "exponent", expr: "changed>1e3", err: `"1e3" is not a number`},
		{name: "negative", expr: "changed>-1", err: "is not a number"},
		{name: "double sign", expr: "breach-rate++2pp", err: "is not a number"},
		{name: "infinity", expr: "changed>Inf", err: "is not a number"},
		{name: "bare point", expr: "changed>.5", err: "is not a number"},
		{name: "too deep", expr: "breach-rate:a:b:c+1pp", err: "at most METRIC:QUEUE"},
		{name: "empty scope", expr: "breach-rate:first_reply:+1pp", err: "empty scope"},
		{name: "scope on a count", expr: "changed:chat>1", err: "takes no scope"},
		{name: "too long", expr: "changed>" + strings.Repeat("1", 300), err: "longer than 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseThreshold(tt.expr)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseThreshold(%q) = %v, want error containing %q", tt.expr, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// thresholdResult is a change of 200 records: after-sales' first_reply
// breach rate from 4 % to 9.5 % (+5.5 pp), pre-sales' from 10 % to 11 %
// (+1 pp), chat's (a channel) from 5 % to 12 % (+7 pp), 3 records routed
// to no queue, and after-sales taking 30 more tickets (+25 %) in week 47.
func thresholdResult() Result {
	return Result{
		Tickets: 200, Changed: 12, NoQueue: 3,
		Counts: Counts{Queue: 3, Due: 9, Breach: 12},
		Breaches: []BreachRate{
			{Metric: "first_reply", Queue: "after-sales", Tickets: 200, Before: 4, After: 9.5, BreachedBefore: 8, BreachedAfter: 19, FlippedToBreach: 11},
			{Metric: "first_reply", Queue: "pre-sales", Tickets: 100, Before: 10, After: 11, BreachedBefore: 10, BreachedAfter: 11, FlippedToBreach: 1},
			{Metric: "resolution", Queue: "after-sales", Tickets: 200, Before: 20, After: 17, BreachedBefore: 40, BreachedAfter: 34, FlippedToMet: 6},
		},
		BreachesByChannel: []BreachRate{
			{Metric: "first_reply", Channel: "chat", Tickets: 100, Before: 5, After: 12, BreachedBefore: 5, BreachedAfter: 12, FlippedToBreach: 7},
		},
		Workload: []TeamWeek{
			{Team: "after-sales", Week: "2026-W47", Before: 120, After: 150},
			{Team: "logistics", Week: "2026-W47", Before: 80, After: 50},
		},
	}
}

func TestThresholdCrossed(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{"breach-rate+2pp", []string{
			"breach-rate+2pp: first_reply on queue after-sales 4.0 % → 9.5 % (+5.5 pp)",
			"breach-rate+2pp: first_reply on channel chat 5.0 % → 12.0 % (+7.0 pp)"}},
		{"breach-rate+5.5pp", []string{"breach-rate+5.5pp: first_reply on channel chat 5.0 % → 12.0 % (+7.0 pp)"}}, // more than: 5.5 is not above 5.5
		{"breach-rate+0.5pp", []string{
			"breach-rate+0.5pp: first_reply on queue after-sales 4.0 % → 9.5 % (+5.5 pp)",
			"breach-rate+0.5pp: first_reply on queue pre-sales 10.0 % → 11.0 % (+1.0 pp)",
			"breach-rate+0.5pp: first_reply on channel chat 5.0 % → 12.0 % (+7.0 pp)"}},
		{"breach-rate:first_reply:pre-sales+0.5pp", []string{"breach-rate:first_reply:pre-sales+0.5pp: first_reply on queue pre-sales 10.0 % → 11.0 % (+1.0 pp)"}},
		{"breach-rate:*:chat+6pp", []string{"breach-rate:*:chat+6pp: first_reply on channel chat 5.0 % → 12.0 % (+7.0 pp)"}},
		{"breach-rate:resolution+0pp", nil}, // resolution fell
		{"no-queue", []string{"no-queue: 3 of 200 tickets are routed to no queue (1.5 %)"}},
		{"no-queue>3", nil},
		{"changed>5%", []string{"changed>5%: 12 of 200 tickets change (6.0 %)"}},
		{"changed>6%", nil},
		{"changed>11", []string{"changed>11: 12 of 200 tickets change (6.0 %)"}},
		{"due>9", nil},
		{"breach>10", []string{"breach>10: 12 of 200 tickets flip between breached and met (6.0 %)"}},
		{"workload+20%", []string{"workload+20%: team after-sales in 2026-W47 120 → 150 tickets"}},
		{"workload+25%", nil},
		{"workload:logistics+0", nil},
		{"workload+29", []string{"workload+29: team after-sales in 2026-W47 120 → 150 tickets"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			th, err := ParseThreshold(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, th.Crossed(thresholdResult())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestThresholdNoRecords: percentages of nothing cross nothing.
func TestThresholdNoRecords(t *testing.T) {
	th, err := ParseThreshold("changed>0%")
	if err != nil {
		t.Fatal(err)
	}
	if got := th.Crossed(Result{}); got != nil {
		t.Errorf("Crossed(empty) = %q, want nothing", got)
	}
}

// FuzzParseThreshold: any input parses or is refused, never panics; what
// parses is judged on a result without panicking, and keeps its text.
func FuzzParseThreshold(f *testing.F) {
	for _, s := range []string{"breach-rate+2pp", "breach-rate:first_reply+1pp", "breach-rate:*:chat+0.5pp", "no-queue",
		"changed>5%", "changed>100", "workload:after-sales+20%", "queue>0", "breach-rate+", ">", "+", "a:b:c>1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThreshold(s)
		if err != nil {
			return
		}
		if th.String() != s {
			t.Errorf("String() = %q, want %q", th.String(), s)
		}
		if th.Limit < 0 {
			t.Errorf("limit %v < 0", th.Limit)
		}
		_ = th.Crossed(thresholdResult())
	})
}
