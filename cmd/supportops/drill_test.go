package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportops/internal/cli"
	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

var drillStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// at is a mark at d on the drill clock, by by.
func at(d time.Duration, by string) edrill.Mark {
	return edrill.Mark{At: drillStart.Add(d), Elapsed: d, By: by}
}

// drillResult is the result the stand-in answers for drill id, ended
// with outcome.
func drillResult(id string, outcome edrill.Outcome) edrill.Result {
	m := time.Minute
	return edrill.Result{
		Drill: id, Plan: "tiny", PlanName: "Tiny drill", Mode: edrill.ModeDrill, Simulated: true, Owner: "ops",
		StartedAt: drillStart, EndedAt: drillStart.Add(20 * m), Elapsed: 20 * m, Outcome: outcome,
		Steps: []edrill.StepOutcome{
			{Step: "page", Owner: "it-liaison", Assignee: "jan-vogel", State: edrill.Done, Late: true,
				Notified: at(0, ""), Acknowledged: at(4*m, "jan-vogel"), Done: at(12*m, "jan-vogel")},
			{Step: "wrap", Owner: "incident-commander", Assignee: "petra-lange", State: edrill.Done,
				Notified: at(12*m, ""), Acknowledged: at(20*m, "petra-lange"), Done: at(20*m, "petra-lange")},
		},
		Score:             edrill.Scorecard{Total: 71.25, OnTime: 0.75, Acknowledge: 0.6, Mitigate: 0.8},
		TimeToAcknowledge: 6 * m, TimeToMitigate: 12 * m, Mitigated: true, MissedSteps: []string{"page"},
		ActionItems: []edrill.ActionItem{{Kind: edrill.ItemLate, Steps: []string{"page"}, Role: "it-liaison", Person: "jan-vogel",
			Text: "page: done at 12m, 2m after its 10m deadline (it-liaison jan-vogel)"}},
	}
}

// TestDrillCommands runs the drill commands against a stand-in for
// supportopsd's API: what they send, what they print, and their exit codes.
func TestDrillCommands(t *testing.T) {
	var got []string
	polls := 0
	serveCLI(t, recording(&got, sortedJSON, func(w http.ResponseWriter, r *http.Request, body string) {
		state := drillwf.State{Drill: "D-1", Plan: "tiny", PlanName: "Tiny drill", Mode: edrill.ModeDrill, Owner: "ops", Status: drillwf.StatusRunning,
			StartedAt: drillStart, Speed: 60, Elapsed: 5 * time.Minute, TimeLimit: time.Hour,
			Steps: []drillwf.StepState{
				{StepOutcome: edrill.StepOutcome{Step: "page", Owner: "it-liaison", Assignee: "jan-vogel", State: edrill.Acknowledged,
					Notified: at(0, ""), Acknowledged: at(4*time.Minute, "jan-vogel")}, Title: "Page engineering", Deadline: 10 * time.Minute},
				{StepOutcome: edrill.StepOutcome{Step: "wrap", Owner: "incident-commander", Assignee: "petra-lange", State: edrill.Pending},
					Title: "Wrap up", Deadline: 30 * time.Minute},
			}}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v1/drills" && strings.Contains(body, `"plan":"nope"`):
			refuse(w, http.StatusBadRequest, `start drill: unknown plan "nope" (plans: outage-major, tiny)`)
		case r.Method == http.MethodPost && r.URL.Path == "/v1/drills":
			id := "D-1"
			if strings.Contains(body, `"id":"D-late"`) {
				id = "D-late"
			}
			seed := uint64(7)
			answer(w, http.StatusCreated, apiv1.DrillStarted{ID: id, Plan: "tiny", Mode: edrill.ModeDrill, Speed: 60, Seed: &seed,
				Assignments: map[string]string{"incident-commander": "petra-lange"}, Unfilled: []string{"it-liaison"}})
		case r.URL.Path == "/v1/drills/D-1/result":
			polls++
			if polls == 1 {
				answer(w, http.StatusAccepted, state)
				return
			}
			answer(w, http.StatusOK, drillResult("D-1", edrill.Completed))
		case r.URL.Path == "/v1/drills/D-late/result":
			answer(w, http.StatusOK, drillResult("D-late", edrill.TimedOut))
		case r.URL.Path == "/v1/drills/D-1" && r.Method == http.MethodGet:
			answer(w, http.StatusOK, state)
		case r.URL.Path == "/v1/drills/D-1/steps/pgae/ack":
			refuse(w, http.StatusBadRequest, `ack: unknown step "pgae" (steps: page, wrap)`)
		case strings.HasPrefix(r.URL.Path, "/v1/drills/D-1/"):
			if strings.HasSuffix(r.URL.Path, "/report") {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = w.Write([]byte("<!doctype html><svg></svg>\n"))
				return
			}
			answer(w, http.StatusOK, state)
		case r.URL.Path == "/v1/drills/schedules/sync":
			answer(w, http.StatusOK, apiv1.ScheduleReport{Created: []string{"outage-major"}, Updated: []string{}, Deleted: []string{"old-plan"},
				Unchanged: []string{"public-complaint"}, Cadences: []apiv1.Cadence{
					{Plan: "outage-major", Source: "quarterly", Cron: "0 10 15 1,4,7,10 *", TimeZone: "Europe/Berlin"},
					{Plan: "public-complaint", Source: "monthly", Cron: "0 10 15 * *", TimeZone: "Europe/Berlin"}}})
		case r.URL.Path == "/v1/drills":
			score := 71.25
			answer(w, http.StatusOK, apiv1.DrillList{Drills: []apiv1.DrillSummary{
				{ID: "D-1", Plan: "tiny", Mode: edrill.ModeDrill, Owner: "ops", Simulated: true, Speed: 60, Status: string(edrill.Completed),
					Score: &score, StartedAt: drillStart, EndedAt: drillStart.Add(20 * time.Second)},
				{ID: "D-2", Plan: "outage-major", Mode: edrill.ModeDrill, Owner: "ops", Status: drillwf.StatusRunning, StartedAt: drillStart.Add(-time.Hour)}}})
		default:
			refuse(w, http.StatusInternalServerError, "internal error; see the daemon's log")
		}
	}))
	report := filepath.Join(t.TempDir(), "drill.html")

	wantResult := `D-1
drill of tiny (Tiny drill): completed after 20m on the drill clock
score 71.2 / 100: on time 75%, acknowledge 60%, mitigate 80%
mean time to acknowledge 6m, time to mitigate 12m

STEP  OWNER                           NOTIFIED  ACKNOWLEDGED  DONE  STATE
page  it-liaison jan-vogel            0s        4m            12m   done late
wrap  incident-commander petra-lange  12m       20m           20m   done

action items:
  1. page: done at 12m, 2m after its 10m deadline (it-liaison jan-vogel)
`
	wantState := "drill D-1 of tiny (Tiny drill), owner ops: running at 5m of 1h, speed 60x\n" +
		"STEP  OWNER                           DEADLINE  STATE         NOTIFIED  ACKNOWLEDGED  DONE\n" +
		"page  it-liaison jan-vogel            10m       acknowledged  0s        4m jan-vogel  -\n" +
		"wrap  incident-commander petra-lange  30m       pending       -         -             -\n"
	tests := []cliCase{
		{
			name: "run", args: []string{"drill", "run", "tiny", "--simulate", "--seed", "7", "--as", "incident-commander=petra-lange"},
			stdout:   "D-1\n",
			stderr:   "simulated with seed 7 at speed 60\nnobody fills it-liaison: anyone may answer their steps\n",
			requests: []string{`POST /v1/drills Bearer sop_test {"assignments":{"incident-commander":"petra-lange"},"plan":"tiny","seed":7,"simulate":true}`},
		},
		{
			name: "run and wait", args: []string{"drill", "run", "tiny", "--speed", "600", "--wait"},
			stdout: wantResult,
			stderr: "simulated with seed 7 at speed 60\nnobody fills it-liaison: anyone may answer their steps\n",
			requests: []string{`POST /v1/drills Bearer sop_test {"plan":"tiny","speed":600}`,
				"GET /v1/drills/D-1/result?wait=30s Bearer sop_test", "GET /v1/drills/D-1/result?wait=30s Bearer sop_test"},
		},
		{
			name: "below the pass mark", args: []string{"drill", "run", "tiny", "--wait", "--pass-mark", "80", "--output", "json"}, code: cli.ExitFindings,
			jsonKey: "score",
			stderr: "simulated with seed 7 at speed 60\nnobody fills it-liaison: anyone may answer their steps\n" +
				"drill D-1 completed with score 71.2 (pass mark 80)\n",
			requests: []string{`POST /v1/drills Bearer sop_test {"plan":"tiny"}`, "GET /v1/drills/D-1/result?wait=30s Bearer sop_test",
				"GET /v1/drills/D-1/result?wait=30s Bearer sop_test"},
		},
		{
			name: "timed out", args: []string{"drill", "run", "tiny", "--id", "D-late", "--wait"}, code: cli.ExitFindings,
			stdout: strings.NewReplacer("D-1\n", "D-late\n", "completed after", "timed out after").Replace(wantResult),
			stderr: "simulated with seed 7 at speed 60\nnobody fills it-liaison: anyone may answer their steps\n" +
				"drill D-late timed out with score 71.2 (pass mark 0)\n",
			requests: []string{`POST /v1/drills Bearer sop_test {"id":"D-late","plan":"tiny"}`, "GET /v1/drills/D-late/result?wait=30s Bearer sop_test"},
		},
		{
			name: "unknown plan", args: []string{"drill", "run", "nope"}, code: cli.ExitFindings,
			stderr:   "supportops: start drill: unknown plan \"nope\" (plans: outage-major, tiny) (HTTP 400)\n",
			requests: []string{`POST /v1/drills Bearer sop_test {"plan":"nope"}`},
		},
		{
			name: "bad --as", args: []string{"drill", "run", "tiny", "--as", "petra-lange"}, code: cli.ExitError,
			stderr: "supportops: --as \"petra-lange\": want ROLE=PERSON\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "status", args: []string{"drill", "status", "D-1"},
			stdout:   wantState,
			requests: []string{"GET /v1/drills/D-1 Bearer sop_test"},
		},
		{
			name: "ack refused", args: []string{"drill", "ack", "D-1", "pgae"}, code: cli.ExitFindings,
			stderr:   "supportops: ack: unknown step \"pgae\" (steps: page, wrap) (HTTP 400)\n",
			requests: []string{"POST /v1/drills/D-1/steps/pgae/ack Bearer sop_test {}"},
		},
		{
			name: "done", args: []string{"drill", "done", "D-1", "page", "--check", "1", "--check", "Which systems: shop, checkout?", "--note", "bridge up", "--as", "jan-vogel", "-o", "json"},
			jsonKey:  "steps",
			requests: []string{`POST /v1/drills/D-1/steps/page/done Bearer sop_test {"as":"jan-vogel","checklist":["1","Which systems: shop, checkout?"],"note":"bridge up"}`},
		},
		{
			name: "abort", args: []string{"drill", "abort", "D-1", "--reason", "real outage"}, stdout: wantState,
			requests: []string{`POST /v1/drills/D-1/abort Bearer sop_test {"reason":"real outage"}`},
		},
		{
			name: "abort without a reason", args: []string{"drill", "abort", "D-1"}, code: cli.ExitError,
			stderr: "supportops: drill abort needs --reason\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "pause", args: []string{"drill", "pause", "D-1"}, stdout: wantState,
			requests: []string{`POST /v1/drills/D-1/pause Bearer sop_test {}`},
		},
		{
			name: "list", args: []string{"drill", "list", "--limit", "2"},
			stdout: "DRILL  PLAN          MODE               OWNER  STATUS     SCORE  STARTED\n" +
				"D-1    tiny          drill (simulated)  ops    completed  71.2   2026-11-23T09:00:00Z\n" +
				"D-2    outage-major  drill              ops    running    -      2026-11-23T08:00:00Z\n",
			requests: []string{"GET /v1/drills?limit=2 Bearer sop_test"},
		},
		{
			name: "list refuses a zero limit as the daemon does", args: []string{"drill", "list", "--limit", "0"}, code: cli.ExitFindings,
			stderr: "supportops: limit: \"0\" is not a number from 1 to 500 (HTTP 400)\n",
		},
		{
			name: "report to a file", args: []string{"drill", "report", "D-1", "--format", "html", "-o", report},
			requests: []string{"GET /v1/drills/D-1/report?format=html Bearer sop_test"},
		},
		{
			name: "report", args: []string{"drill", "report", "D-1"},
			stdout:   "<!doctype html><svg></svg>\n",
			requests: []string{"GET /v1/drills/D-1/report?format=md Bearer sop_test"},
		},
		{
			name: "simulate, nobody answers", args: []string{"drill", "simulate", "outage-major", "--config", "../../examples/acme-shop", "--failure-rate", "1"},
			code: cli.ExitFindings,
			stdout: "PLAN          OUTCOME    DRILL CLOCK  SCORE  MISSED                                                                                      RESULT\n" +
				"outage-major  timed out  4h           0.0    declare, confirm-scope, deflect, status-page, known-issue-macro, staffing, recovery, close  FAIL: timed out after 4h\n",
			stderr: "supportops: a plan did not pass its rehearsal\n",
		},
		{
			name: "simulate below the pass mark", args: []string{"drill", "simulate", "public-emergency", "--config", "../../examples/acme-shop", "--pass-mark", "99"},
			code: cli.ExitFindings,
			stdout: "PLAN              OUTCOME    DRILL CLOCK  SCORE  MISSED  RESULT\n" +
				"public-emergency  completed  4h0m43s      95.2   -       FAIL: score 95.2 below the pass mark 99\n",
			stderr: "supportops: a plan did not pass its rehearsal\n",
		},
		{
			name: "simulate a bad failure rate", args: []string{"drill", "simulate", "--failure-rate", "2"}, code: cli.ExitError,
			stderr: "supportops: --failure-rate 2 is not within 0 to 1\nRun 'supportops --help' for usage.\n",
		},
		{
			name: "schedule sync", args: []string{"drill", "schedule", "sync"},
			stdout: "PLAN              SCHEDULE   CADENCE    CRON                TIME ZONE\n" +
				"outage-major      created    quarterly  0 10 15 1,4,7,10 *  Europe/Berlin\n" +
				"public-complaint  unchanged  monthly    0 10 15 * *         Europe/Berlin\n" +
				"old-plan          deleted    -          -                   -\n",
			requests: []string{"POST /v1/drills/schedules/sync Bearer sop_test"},
		},
		{
			name: "bad format", args: []string{"drill", "report", "D-1", "--format", "pdf"}, code: cli.ExitError,
			stderr: "supportops: unknown --format \"pdf\": want md, html, json\nRun 'supportops --help' for usage.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, polls = nil, 0
			tt.run(t)
			tt.checkRequests(t, got)
		})
	}
	if b, err := os.ReadFile(report); err != nil || string(b) != "<!doctype html><svg></svg>\n" {
		t.Errorf("report file: %q, %v", b, err)
	}
}
