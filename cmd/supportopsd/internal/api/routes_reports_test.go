package api

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// fakeReports holds two tickets (one a drill's), the KPI card of
// 2026-11 and the scorecard of 2026-10; it closes 2026-11 once.
type fakeReports struct {
	records []history.Record
	// asked are the ranges History was asked for.
	asked  [][2]time.Time
	closed map[string]bool
	broken bool
}

var errReportsBroken = errors.New("event store unavailable")

func newFakeReports() *fakeReports {
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	solved := at("2026-11-02T10:00:00Z")
	five := 5
	return &fakeReports{
		records: []history.Record{
			{ID: "T-1", Channel: "chat", Queue: "after-sales", Agent: "julia", CreatedAt: at("2026-11-02T09:00:00Z"),
				SolvedAt: &solved, AgentReplies: 1, Contacts: 1, CSAT: &five},
			{ID: "T-2", Channel: "phone", Queue: "after-sales", CreatedAt: at("2026-11-03T09:00:00Z"), Contacts: 1, Drill: true},
		},
		closed: map[string]bool{"2026-10": true},
	}
}

func (f *fakeReports) History(_ context.Context, since, until time.Time) ([]history.Record, error) {
	if f.broken {
		return nil, errReportsBroken
	}
	f.asked = append(f.asked, [2]time.Time{since, until})
	var out []history.Record
	for _, r := range f.records {
		if (since.IsZero() || !r.CreatedAt.Before(since)) && (until.IsZero() || r.CreatedAt.Before(until)) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeReports) KPIs(_ context.Context, period string) (apiv1.KPICard, error) {
	if period == "" {
		period = "2026-11"
	}
	if period != "2026-11" {
		return apiv1.KPICard{}, &RejectedError{Reason: fmt.Sprintf("period %q: not a period", period)}
	}
	v, sl := 4.5, 80.0
	return apiv1.KPICard{Period: period, Results: []apiv1.KPIResult{
		{KPI: "csat", Metric: "csat", Scope: "agent:julia", Value: &v, Numerator: 9, Denominator: 2, Target: 4.6, Band: "ok"},
		{KPI: "csat", Metric: "csat", Scope: "center", Value: &v, Numerator: 9, Denominator: 2, Target: 4.6, Band: "ok"},
		{KPI: "sl", Metric: "service_level", Scope: "team:care", Value: &sl, Numerator: 4, Denominator: 5, Target: 80, Band: "good"},
		{KPI: "sl", Metric: "service_level", Scope: "team:logistics", Numerator: 0, Denominator: 0, Target: 80, Band: "no_data"},
	}}, nil
}

func (f *fakeReports) summary(period string) apiv1.ScorecardSummary {
	return apiv1.ScorecardSummary{Period: period, ComputedAt: time.Date(2026, 12, 1, 0, 0, 3, 0, time.UTC),
		ConfigVersion: fakeVersion, Results: 4, Awards: 1, NearMisses: 1}
}

func (f *fakeReports) Scorecards(context.Context) ([]apiv1.ScorecardSummary, error) {
	if f.broken {
		return nil, errReportsBroken
	}
	var out []apiv1.ScorecardSummary
	for _, p := range []string{"2026-11", "2026-10"} {
		if f.closed[p] {
			out = append(out, f.summary(p))
		}
	}
	return out, nil
}

func (f *fakeReports) Scorecard(ctx context.Context, period string) (apiv1.Scorecard, error) {
	if !f.closed[period] {
		return apiv1.Scorecard{}, ErrNotFound
	}
	card, _ := f.KPIs(ctx, "")
	card.Period = period
	return apiv1.Scorecard{Center: "Acme", Period: period, Card: card, Trend: []apiv1.KPICard{},
		KPIs:  []apiv1.ScorecardKPI{{ID: "csat", KPI: model.KPI{Metric: "csat", Scope: "agent:*", Target: 4.6, Direction: "higher", Period: "month"}}},
		Teams: []apiv1.Named{{ID: "care", Name: "Care"}}, Names: map[string]string{"agent:julia": "Julia", "team:care": "Care"},
		Incentives: apiv1.IncentiveOutcome{Period: period,
			Awards:     []apiv1.Award{{Incentive: "service-star", Name: "Service star", Recipient: "agent:julia", Rank: 1, Reward: model.Reward{Points: 100}, Reason: "csat 4.5 ≥ 4.4"}},
			NearMisses: []apiv1.NearMiss{{Incentive: "service-star", Name: "Service star", Recipient: "agent:kim", Reason: "missed Service star: csat 4.3 < 4.4"}}}}, nil
}

func (f *fakeReports) Close(_ context.Context, period string) (apiv1.Closed, error) {
	if period != "2026-11" && period != "2026-10" {
		return apiv1.Closed{}, &RejectedError{Reason: fmt.Sprintf("close period %s: it has not ended", period)}
	}
	created := !f.closed[period]
	f.closed[period] = true
	return apiv1.Closed{Scorecard: f.summary(period), Created: created}, nil
}

// withReports serves reports from f.
func withReports(f *fakeReports) func(*Server) { return func(s *Server) { s.Reports = f } }

// reportRouteCases are the requests to the history, KPI and scorecard
// routes.
func reportRouteCases() []routeCase {
	unavailable := errAnswer{Status: 503, Error: "this daemon computes no reports"}
	internal := errAnswer{Status: 500, Error: "internal error; see the daemon's log"}
	reports := func() []func(*Server) { return []func(*Server){withReports(newFakeReports())} }
	broken := func() []func(*Server) { f := newFakeReports(); f.broken = true; return []func(*Server){withReports(f)} }
	return []routeCase{
		// GET /v1/history.
		{name: "history", reason: "every ticket, drill marked, as JSON Lines", method: "GET", target: "/v1/history", token: tokenOps,
			opts: reports(), want: errAnswer{Status: 200}, wantHeader: map[string]string{"Content-Type": apiv1.ContentTypeJSONLines}},
		{name: "history since", reason: "tickets created from since", method: "GET", target: "/v1/history?since=2026-11-03T00:00:00Z&until=2026-12-01T00:00:00%2B01:00",
			token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "history until", reason: "tickets created before until: none", method: "GET", target: "/v1/history?until=2026-11-01T00:00:00Z",
			token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "history bad since", reason: "RFC 3339 only", method: "GET", target: "/v1/history?since=2026-11-01", token: tokenOps, opts: reports(),
			want: errAnswer{Status: 400, Error: `since: "2026-11-01" is not an RFC 3339 time (2026-11-01T00:00:00Z)`}},
		{name: "history empty range", reason: "until after since", method: "GET", target: "/v1/history?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z",
			token: tokenOps, opts: reports(), want: errAnswer{Status: 400, Error: "until 2026-11-01T00:00:00Z is not after since 2026-11-02T00:00:00Z"}},
		{name: "history unknown parameter", reason: "named with the known ones", method: "GET", target: "/v1/history?from=x", token: tokenOps, opts: reports(),
			want: errAnswer{Status: 400, Error: `unknown parameter "from" (want since, until)`}},
		{name: "history fails", reason: "500", method: "GET", target: "/v1/history", token: tokenOps, opts: broken(), want: internal},
		{name: "history without reports", reason: "503", method: "GET", target: "/v1/history", token: tokenOps, want: unavailable},

		// GET /v1/kpis.
		{name: "kpis", reason: "the last complete month, every scope", method: "GET", target: "/v1/kpis", token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "kpis team scopes", reason: "team:* keeps every team's results", method: "GET", target: "/v1/kpis?period=2026-11&scope=team:*", token: tokenOps,
			opts: reports(), want: errAnswer{Status: 200}},
		{name: "kpis one scope", reason: "the scope named", method: "GET", target: "/v1/kpis?scope=center", token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "kpis bad period", reason: "the service's reason", method: "GET", target: "/v1/kpis?period=november", token: tokenOps, opts: reports(),
			want: errAnswer{Status: 400, Error: `period "november": not a period`}},
		{name: "kpis without reports", reason: "503", method: "GET", target: "/v1/kpis", token: tokenOps, want: unavailable},

		// GET /v1/scorecards and /v1/scorecards/{period}.
		{name: "scorecards", reason: "newest first", method: "GET", target: "/v1/scorecards", token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "scorecards fails", reason: "500", method: "GET", target: "/v1/scorecards", token: tokenOps, opts: broken(), want: internal},
		{name: "scorecards without reports", reason: "503", method: "GET", target: "/v1/scorecards", token: tokenOps, want: unavailable},
		{name: "scorecard", reason: "the stored scorecard", method: "GET", target: "/v1/scorecards/2026-10", token: tokenOps, opts: reports(), want: errAnswer{Status: 200}},
		{name: "scorecard not closed", reason: "404", method: "GET", target: "/v1/scorecards/2026-11", token: tokenOps, opts: reports(),
			want: errAnswer{Status: 404, Error: `no scorecard of period "2026-11": it has not been closed`}},

		// POST /v1/scorecards.
		{name: "close", reason: "201: closed now", method: "POST", target: "/v1/scorecards", token: tokenOps, body: `{"period":"2026-11"}`,
			opts: reports(), want: errAnswer{Status: 201}},
		{name: "close again", reason: "200: closed before, nothing changed", method: "POST", target: "/v1/scorecards", token: tokenOps, body: `{"period":"2026-10"}`,
			opts: reports(), want: errAnswer{Status: 200}},
		{name: "close open period", reason: "the service's reason", method: "POST", target: "/v1/scorecards", token: tokenOps, body: `{"period":"2026-12"}`,
			opts: reports(), want: errAnswer{Status: 400, Error: "close period 2026-12: it has not ended"}},
		{name: "close without period", reason: "required", method: "POST", target: "/v1/scorecards", token: tokenOps, body: `{}`,
			opts: reports(), want: errAnswer{Status: 400, Error: "period: required (2026-11, 2026-W48, 2026-Q4, 2026-11-23)"}},
		{name: "close without reports", reason: "503", method: "POST", target: "/v1/scorecards", token: tokenOps, body: `{"period":"2026-11"}`, want: unavailable},
	}
}

// TestReportsHistoryRange checks the range the history is asked for.
func TestReportsHistoryRange(t *testing.T) {
	f := newFakeReports()
	r := newRig(t, withReports(f))
	if rec, _ := r.do("GET", "/v1/history?since=2026-11-03T00:00:00Z&until=2026-12-01T00:00:00%2B01:00", tokenOps, nil, nil); rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	want := [][2]time.Time{{time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, f.asked, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("ranges asked (-want +got):\n%s", diff)
	}
}

// TestInScope checks the scopes ?scope= keeps.
func TestInScope(t *testing.T) {
	card, _ := newFakeReports().KPIs(context.Background(), "")
	scopes := func(rs []apiv1.KPIResult) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, r.Scope)
		}
		return out
	}
	for _, tc := range []struct {
		scope string
		want  []string
	}{
		{"", []string{"agent:julia", "center", "team:care", "team:logistics"}},
		{"team:*", []string{"team:care", "team:logistics"}},
		{"center", []string{"center"}},
		{"team:care", []string{"team:care"}},
		{"queue:*", []string{}},
	} {
		if diff := cmp.Diff(tc.want, scopes(inScope(card.Results, tc.scope))); diff != "" {
			t.Errorf("scope %q (-want +got):\n%s", tc.scope, diff)
		}
	}
}
