package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportops/internal/cli"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/model"
)

// historyLines is the history the stand-in exports: a chat answered by
// julia, and a drill's phone call.
const historyLines = `{"id":"T-1","channel":"chat","queue":"after-sales","agent":"julia","created_at":"2026-11-02T09:00:00Z","solved_at":"2026-11-02T10:00:00Z","agent_replies":1,"contacts":1,"reopened":0,"csat":5}
{"id":"T-2","channel":"phone","queue":"after-sales","created_at":"2026-11-03T09:00:00Z","agent_replies":0,"contacts":1,"reopened":0,"drill":true}
`

// TestReportCommands runs history export and the scorecard commands
// against a stand-in for supportopsd's API: what they send, what they
// print or write, and their exit codes.
func TestReportCommands(t *testing.T) {
	var got []string
	closedAt := time.Date(2026, 12, 1, 0, 0, 3, 0, time.UTC)
	summary := apiv1.ScorecardSummary{Period: "2026-11", ComputedAt: closedAt, ConfigVersion: "0123456789abcdef0123", Results: 2, Awards: 1, NearMisses: 1}
	v, sl := 4.5, 80.0
	sc := apiv1.Scorecard{Center: "Acme", Period: "2026-11", Card: apiv1.KPICard{Period: "2026-11", Results: []apiv1.KPIResult{
		{KPI: "csat", Metric: "csat", Scope: "center", Value: &v, Numerator: 9, Denominator: 2, Target: 4.6, Band: "ok"},
		{KPI: "sl", Metric: "service_level", Scope: "team:care", Value: &sl, Numerator: 4, Denominator: 5, Target: 80, Band: "good"},
	}}, Trend: []apiv1.KPICard{}, Incentives: apiv1.IncentiveOutcome{Period: "2026-11",
		Awards: []apiv1.Award{{Incentive: "grievance", Name: "Grievance award", Recipient: "team:care", Reward: model.Reward{Bonus: 500, Currency: "EUR"},
			Reason: "12 complaints resolved", Approval: &apiv1.AwardApproval{Status: "needs_approval", Levels: []string{"manager"}}}},
		NearMisses: []apiv1.NearMiss{{Incentive: "star", Name: "Service star", Recipient: "agent:kim", Reason: "missed Service star: csat 4.7 < 4.8"}}}}
	serveCLI(t, recording(&got, sortedJSON, func(w http.ResponseWriter, r *http.Request, body string) {
		switch {
		case r.URL.Path == "/v1/history" && r.URL.Query().Get("since") == "2026-12-01T00:00:00Z":
			refuse(w, http.StatusBadRequest, "until 2026-11-01T00:00:00Z is not after since 2026-12-01T00:00:00Z")
		case r.URL.Path == "/v1/history":
			w.Header().Set("Content-Type", apiv1.ContentTypeJSONLines)
			_, _ = w.Write([]byte(historyLines))
		case r.URL.Path == "/v1/scorecards" && r.Method == http.MethodGet:
			answer(w, http.StatusOK, apiv1.ScorecardList{Scorecards: []apiv1.ScorecardSummary{summary}})
		case r.URL.Path == "/v1/scorecards" && body == `{"period":"2026-11"}`:
			answer(w, http.StatusOK, apiv1.Closed{Scorecard: summary})
		case r.URL.Path == "/v1/scorecards":
			refuse(w, http.StatusBadRequest, "close period 2026-12: it has not ended (it ends 2027-01-01T00:00:00+01:00)")
		case r.URL.Path == "/v1/kpis":
			aht := 300.0
			answer(w, http.StatusOK, apiv1.KPICard{Period: "2026-11", Results: []apiv1.KPIResult{
				{KPI: "aht", Metric: "aht", Scope: "team:care", Value: &aht, Numerator: 3000, Denominator: 10, Target: 280, Band: "ok", Direction: "lower"},
				{KPI: "sl", Metric: "service_level", Scope: "team:care", Value: &sl, Numerator: 4, Denominator: 5, Target: 75, Band: "good", Direction: "higher"},
			}})
		case r.URL.Path == "/v1/scorecards/2026-11":
			answer(w, http.StatusOK, sc)
		case r.URL.Path == "/v1/scorecards/2026-10":
			refuse(w, http.StatusNotFound, `no scorecard of period "2026-10": it has not been closed`)
		default:
			refuse(w, http.StatusInternalServerError, "internal error; see the daemon's log")
		}
	}))
	dir := t.TempDir()
	plain, zipped := filepath.Join(dir, "november.jsonl"), filepath.Join(dir, "all.jsonl.gz")
	tests := []cliCase{
		{
			name: "export a range", args: []string{"history", "export", "--since", "2026-11-01T00:00:00+01:00", "--until", "2026-12-01T00:00:00+01:00", "--output", plain},
			stderr:   "wrote 2 ticket records to " + plain + "\n",
			requests: []string{"GET /v1/history?since=2026-11-01T00%3A00%3A00%2B01%3A00&until=2026-12-01T00%3A00%3A00%2B01%3A00 Bearer sop_test"},
		},
		{
			name: "export gzip", args: []string{"history", "export", "--output", zipped},
			stderr: "wrote 2 ticket records to " + zipped + "\n", requests: []string{"GET /v1/history Bearer sop_test"},
		},
		{
			name: "export refused", args: []string{"history", "export", "--since", "2026-12-01T00:00:00Z", "--until", "2026-11-01T00:00:00Z", "--output", plain},
			code:     cli.ExitFindings,
			stderr:   "supportops: until 2026-11-01T00:00:00Z is not after since 2026-12-01T00:00:00Z (HTTP 400)\n",
			requests: []string{"GET /v1/history?since=2026-12-01T00%3A00%3A00Z&until=2026-11-01T00%3A00%3A00Z Bearer sop_test"},
		},
		{
			name: "export without output", args: []string{"history", "export"}, code: cli.ExitError,
			stderr: "supportops: --output FILE.jsonl is required\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "export bad time", args: []string{"history", "export", "--since", "2026-11-01", "--output", plain}, code: cli.ExitError,
			stderr: "supportops: --since: \"2026-11-01\" is not an RFC 3339 time (2026-11-01T00:00:00Z)\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "kpi from the daemon", args: []string{"kpi", "--period", "2026-11", "--scope", "team:*"},
			stdout: "Period 2026-11\n" +
				"KPI  SCOPE      VALUE   TARGET  GAP     BAND  COUNTS\n" +
				"aht  team:care  300.00  280     -20.00  ok    3000/10\n" +
				"sl   team:care  80.00   75      +5.00   good  4/5\n",
			requests: []string{"GET /v1/kpis?period=2026-11&scope=team%3A%2A Bearer sop_test"},
		},
		{
			name: "kpi from the daemon as json", args: []string{"kpi", "--output", "json"},
			stdout: `{"period":"2026-11","results":[{"kpi":"aht","metric":"aht","scope":"team:care","value":300,"numerator":3000,"denominator":10,"target":280,"band":"ok"},` +
				`{"kpi":"sl","metric":"service_level","scope":"team:care","value":80,"numerator":4,"denominator":5,"target":75,"band":"good"}]}` + "\n",
			requests: []string{"GET /v1/kpis Bearer sop_test"},
		},
		{
			name: "list", args: []string{"scorecard", "list"},
			stdout: "PERIOD   CLOSED                RESULTS  AWARDS  NEAR MISSES  VERSION\n" +
				"2026-11  2026-12-01T00:00:03Z  2        1       1            0123456789ab\n",
			requests: []string{"GET /v1/scorecards Bearer sop_test"},
		},
		{
			name: "show", args: []string{"scorecard", "show", "2026-11"},
			stdout: "Scorecard of Acme, 2026-11\n\n" +
				"KPI   SCOPE      VALUE  TARGET  BAND  COUNTS\n" +
				"csat  center     4.5    4.6     ok    9/2\n" +
				"sl    team:care  80     80      good  4/5\n\n" +
				"Awards (1)\n  Grievance award: team:care, 12 complaints resolved [payout needs_approval: manager]\n\n" +
				"Near misses (1)\n  agent:kim: missed Service star: csat 4.7 < 4.8\n",
			requests: []string{"GET /v1/scorecards/2026-11 Bearer sop_test"},
		},
		{
			name: "show json", args: []string{"scorecard", "show", "2026-11", "--output", "json"}, jsonKey: "incentives",
			requests: []string{"GET /v1/scorecards/2026-11 Bearer sop_test"},
		},
		{
			name: "show not closed", args: []string{"scorecard", "show", "2026-10"}, code: cli.ExitFindings,
			stderr:   "supportops: no scorecard of period \"2026-10\": it has not been closed (HTTP 404)\n",
			requests: []string{"GET /v1/scorecards/2026-10 Bearer sop_test"},
		},
		{
			name: "close again", args: []string{"scorecard", "close", "2026-11"},
			stdout:   "2026-11 was closed before; nothing changed: 2 results, 1 awards, 1 near misses\n",
			requests: []string{`POST /v1/scorecards Bearer sop_test {"period":"2026-11"}`},
		},
		{
			name: "close open period", args: []string{"scorecard", "close", "2026-12"}, code: cli.ExitFindings,
			stderr:   "supportops: close period 2026-12: it has not ended (it ends 2027-01-01T00:00:00+01:00) (HTTP 400)\n",
			requests: []string{`POST /v1/scorecards Bearer sop_test {"period":"2026-12"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			tt.run(t)
			tt.checkRequests(t, got)
		})
	}
	// show renders the stored scorecard as the dashboard page and as
	// Markdown, with engine/scorecard.
	for format, want := range map[string]string{"html": "<svg", "md": "Grievance award"} {
		code, stdout, stderr := runCLI(t, "scorecard", "show", "2026-11", "--output", format)
		if code != cli.ExitOK || !strings.Contains(stdout, want) || !strings.Contains(stdout, "Acme") {
			t.Errorf("show --output %s: exit %d, stderr %q, stdout without %q:\n%.400s", format, code, stderr, want, stdout)
		}
	}

	// The files hold the records as the daemon sent them, the .gz one
	// compressed; both read back as the same records.
	b, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(historyLines, string(b)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", plain, diff)
	}
	z, err := os.ReadFile(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatalf("%s is not gzip: %v", zipped, err)
	}
	var unzipped bytes.Buffer
	if _, err = unzipped.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(historyLines, unzipped.String()); diff != "" {
		t.Errorf("%s unzipped (-want +got):\n%s", zipped, diff)
	}
	f, err := os.Open(zipped)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := history.Read(zipped, f)
	if err != nil || len(recs) != 2 || !recs[1].Drill {
		t.Errorf("history.Read(%s): %d records, %v", zipped, len(recs), err)
	}
}
