package daemon

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// tinyPlan is a plan of two steps added to the example for the manual
// drill: page engineering within 10 minutes, then wrap up within 30.
const tinyPlan = `package supportops

emergency_plans: tiny: {
	name:     "Tiny drill"
	kind:     "other"
	severity: "sev3"
	activation: criteria: ["a test needs it"]
	time_limit: "1h"
	roles: ["incident-commander", "it-liaison"]
	commander:       "incident-commander"
	escalation_path: "standard"
	steps: [
		{id: "page", title: "Page engineering", owner: "it-liaison", deadline: "10m", checklist: ["Bridge open", "ETA asked"]},
		{id: "wrap", title: "Wrap up", owner: "incident-commander", deadline: "30m", after: ["page"]},
	]
}
`

// TestDrills runs drills on the embedded server through the API: a
// simulated major outage at speed 600 (a second of wall time is ten
// minutes of drill clock; faster, the workflow's own round trips on a busy
// machine would eat the plan's time limit) that completes and records its
// events and synthetic tickets as a drill's; a manual drill of a tiny
// plan answered step by step, with a step that misses its deadline and is
// escalated; and the refusals.
func TestDrills(t *testing.T) {
	dir, cfgDir := t.TempDir(), exampleCopy(t)
	if err := os.WriteFile(filepath.Join(cfgDir, "tiny.cue"), []byte(tinyPlan), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, cfgDir, dir)
	defer d.Stop(context.Background())
	newClient := clientsOf(t, d, dir)
	ops := newClient(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	sabine := newClient(policy.Principal{ID: "sabine-mueller", Roles: []string{"supervisor"}})
	jan := newClient(policy.Principal{ID: "jan-vogel", Roles: []string{"agent"}, Team: "technical-support"})

	t.Run("simulated outage", func(t *testing.T) {
		sabine.t, ops.t = t, t
		seed := uint64(7)
		started, err := sabine.api().StartDrill(t.Context(), apiv1.DrillRequest{Plan: "outage-major", Simulate: true, Seed: &seed, Speed: 600})
		if err != nil {
			t.Fatalf("start: %v", err)
		}
		id := started.ID
		if !regexp.MustCompile(`^D-outage-major-[0-9a-f]{8}$`).MatchString(id) {
			t.Errorf("drill id %q, want D-outage-major-<8 hex>", id)
		}
		wantAssigned := map[string]string{"incident-commander": "petra-lange", "supervisor": "sabine-mueller", "it-liaison": "jan-vogel",
			"team-lead": "jan-vogel", "comms-lead": "lea-hoffmann"}
		if diff := cmp.Diff(wantAssigned, started.Assignments); diff != "" || started.Speed != 600 || started.Seed == nil || *started.Seed != seed {
			t.Errorf("start: speed %v, seed %v; assignments (-want +got):\n%s", started.Speed, started.Seed, diff)
		}
		if started.Unfilled == nil || len(started.Unfilled) != 0 {
			t.Errorf("unfilled %v, want none", started.Unfilled)
		}

		res := waitResult(t, sabine, id)
		if res.Outcome != edrill.Completed || res.Score.Total <= 0 || !res.Simulated || res.Owner != "sabine-mueller" {
			for _, o := range res.Steps {
				t.Logf("%s: %s; notified %s, acknowledged %s, done %s", o.Step, o.State, o.Notified.Elapsed, o.Acknowledged.Elapsed, o.Done.Elapsed)
			}
			t.Fatalf("result: %s, score %.1f, simulated %v, owner %s; want completed with a score by sabine-mueller",
				res.Outcome, res.Score.Total, res.Simulated, res.Owner)
		}
		for _, o := range res.Steps {
			if o.State != edrill.Done {
				t.Errorf("step %s: %s, want done", o.Step, o.State)
			}
		}
		t.Logf("simulated outage at speed 600: score %.1f, drill clock %s, missed %v", res.Score.Total, res.Elapsed, res.MissedSteps)

		// The drill's events are a drill's: left out of every query that
		// does not ask for them.
		if evs, lerr := d.events.List(t.Context(), eventstore.Filter{Stream: id}); lerr != nil || len(evs) != 0 {
			t.Errorf("drill events without IncludeDrill: %d (%v), want none", len(evs), lerr)
		}
		evs, err := d.events.List(t.Context(), eventstore.Filter{Stream: id, IncludeDrill: true})
		if err != nil || len(evs) == 0 {
			t.Fatalf("drill events: %d (%v)", len(evs), err)
		}
		for _, e := range evs {
			if !e.Drill {
				t.Errorf("event %s %s not marked drill", e.ID, e.Type)
			}
		}
		if last := evs[len(evs)-1]; last.Type != event.DrillEnded {
			t.Errorf("last event %s, want %s", last.Type, event.DrillEnded)
		}
		var opened string
		for _, e := range evs {
			if e.Type == event.DrillScenarioStarted {
				opened = string(e.Data)
			}
		}
		if !strings.Contains(opened, "60 synthetic technical-issue tickets on chat over 20m: 60 opened") {
			t.Errorf("scenario event %q, want 60 tickets opened", opened)
		}
		// The synthetic tickets are listed with drill=true only, once
		// each, and their events are drill events too.
		if got := listCount(t, ops, apiv1.TicketListQuery{Drill: true, Limit: 500}, 60); got != 60 {
			t.Errorf("%d drill tickets listed, want 60", got)
		}
		if got := listCount(t, ops, apiv1.TicketListQuery{Limit: 500}, 0); got != 0 {
			t.Errorf("%d tickets listed without drill=true, want none", got)
		}
		if real, lerr := d.events.List(t.Context(), eventstore.Filter{}); lerr != nil || len(real) != 0 {
			t.Errorf("%d events outside drills (%v), want none", len(real), lerr)
		}

		// The list, the state and the reports.
		list, err := sabine.api().ListDrills(t.Context(), apiv1.DrillListQuery{Limit: 10})
		if err != nil || len(list.Drills) != 1 {
			t.Fatalf("list: %v %v", list, err)
		}
		if row := list.Drills[0]; row.ID != id || row.Plan != "outage-major" || row.Status != string(edrill.Completed) || !row.Simulated || row.Score == nil {
			t.Errorf("list row %+v", row)
		}
		if st, serr := sabine.api().Drill(t.Context(), id); serr != nil || st.Status != string(edrill.Completed) || st.Speed != 600 {
			t.Errorf("state: %v status %v speed %v", serr, st.Status, st.Speed)
		}
		checkReports(t, sabine, id, apiv1.ReportFinal, "# Drill report: Major outage")

		recordWorkflowHistory(t, d, drillwf.WorkflowID(id), "../../../../workflows/drill/testdata/histories", "drill-outage-simulated-speed-600")
	})

	t.Run("manual tiny plan", func(t *testing.T) {
		sabine.t, ops.t, jan.t = t, t, t
		escalations := metric(t, ops, `supportops_notifications_total{kind="drill_escalation"}`)
		started, err := sabine.api().StartDrill(t.Context(), apiv1.DrillRequest{Plan: "tiny", Speed: 300, ID: "tiny-1"})
		if err != nil || started.ID != "tiny-1" {
			t.Fatalf("start: %v %v", started, err)
		}
		_, err = sabine.api().StartDrill(t.Context(), apiv1.DrillRequest{Plan: "tiny", ID: "tiny-1"})
		if code, msg := refusal(err); code != http.StatusBadRequest || !strings.Contains(msg, "drill tiny-1 exists already") {
			t.Errorf("start again: %d %s, want 400: exists already", code, msg)
		}
		// jan-vogel holds it-liaison: he acknowledges the page.
		st, err := jan.api().AckStep(t.Context(), "tiny-1", "page", apiv1.StepRequest{Note: "on it"})
		if err != nil || stepState(st, "page") != edrill.Acknowledged {
			t.Fatalf("ack: %v %+v", err, st)
		}
		for _, tc := range []struct {
			name string
			c    apiClient
			path string
			body any
			want int
			msg  string
		}{
			{"unknown step", jan, "/v1/drills/tiny-1/steps/pgae/done", nil, http.StatusBadRequest, `unknown step "pgae" (steps: page, wrap)`},
			{"step not started", jan, "/v1/drills/tiny-1/steps/wrap/ack", nil, http.StatusBadRequest, "step wrap has not started; it waits for page"},
			{"not the role holder", sabine, "/v1/drills/tiny-1/steps/page/done", map[string]any{"as": "lea-hoffmann"}, http.StatusBadRequest,
				"lea-hoffmann does not hold the it-liaison role of step page"},
			{"an agent acting for another", jan, "/v1/drills/tiny-1/steps/page/done", map[string]any{"as": "petra-lange"}, http.StatusForbidden, "forbidden"},
			{"unknown checklist item", jan, "/v1/drills/tiny-1/steps/page/done", map[string]any{"checklist": []string{"Coffee"}}, http.StatusBadRequest,
				`"Coffee" is not an item of the checklist of step page`},
			{"abort without a reason", sabine, "/v1/drills/tiny-1/abort", nil, http.StatusBadRequest, "abort: give a reason"},
			{"unknown drill", jan, "/v1/drills/nope/steps/page/ack", nil, http.StatusNotFound, `no drill "nope"`},
			{"unknown field", jan, "/v1/drills/tiny-1/steps/page/ack", map[string]any{"notes": "x"}, http.StatusBadRequest, "unknown field"},
		} {
			if got, body := tc.c.do("POST", tc.path, tc.body); got != tc.want || !strings.Contains(fmt.Sprint(body["error"]), tc.msg) {
				t.Errorf("%s: %d %v, want %d %q", tc.name, got, body, tc.want, tc.msg)
			}
		}
		// A report of a running drill is provisional.
		checkReports(t, sabine, "tiny-1", apiv1.ReportProvisional, "# Drill report: Tiny drill")

		// The page misses its 10m deadline (2 s at speed 300): late, and
		// escalated to the commander.
		deadline := time.Now().Add(30 * time.Second)
		for stepState(st, "page") != edrill.Late {
			if time.Now().After(deadline) {
				t.Fatalf("page never went late: %+v", st.Steps)
			}
			time.Sleep(100 * time.Millisecond)
			if st, err = jan.api().Drill(t.Context(), "tiny-1"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err = jan.api().CompleteStep(t.Context(), "tiny-1", "page", apiv1.StepRequest{Note: "bridge up", Checklist: []string{"1", "ETA asked"}}); err != nil {
			t.Fatalf("done page: %v", err)
		}
		// The owner answers the wrap-up for the commander.
		if _, err = sabine.api().CompleteStep(t.Context(), "tiny-1", "wrap", apiv1.StepRequest{As: "petra-lange"}); err != nil {
			t.Fatalf("done wrap: %v", err)
		}
		res := waitResult(t, sabine, "tiny-1")
		page, _ := res.Step("page")
		wrap, _ := res.Step("wrap")
		if res.Outcome != edrill.Completed || page.State != edrill.Done || !page.Late || len(page.Escalations) != 1 || page.Done.By != "jan-vogel" ||
			!cmp.Equal(page.Checked, []string{"Bridge open", "ETA asked"}) || wrap.Done.By != "petra-lange" || !wrap.OnTime(edrill.Step{Deadline: 30 * time.Minute}) {
			t.Errorf("result: %s; page %+v; wrap %+v", res.Outcome, page, wrap)
		}
		if diff := cmp.Diff([]string{"page"}, res.MissedSteps); diff != "" {
			t.Errorf("missed steps (-want +got):\n%s", diff)
		}
		recordWorkflowHistory(t, d, drillwf.WorkflowID("tiny-1"), "../../../../workflows/drill/testdata/histories", "drill-manual-late-escalated")
		_, err = sabine.api().PauseDrill(t.Context(), "tiny-1", apiv1.ControlRequest{})
		if code, msg := refusal(err); code != http.StatusBadRequest || !strings.Contains(msg, "has ended") {
			t.Errorf("pause after the end: %d %s, want 400: has ended", code, msg)
		}
		if got := metric(t, ops, `supportops_notifications_total{kind="drill_escalation"}`) - escalations; got != 1 {
			t.Errorf("%v drill escalations counted in /metrics, want 1 (the page's)", got)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		sabine.t, ops.t, jan.t = t, t, t
		checkRefusals(t, []refusalCase{
			{"an agent starts a drill", jan, "POST", "/v1/drills", map[string]any{"plan": "tiny"}, http.StatusForbidden, "forbidden"},
			{"an agent reads a report", jan, "GET", "/v1/drills/tiny-1/result", nil, http.StatusForbidden, "forbidden"},
			{"unknown plan", sabine, "POST", "/v1/drills", map[string]any{"plan": "outage"}, http.StatusBadRequest,
				`unknown plan "outage" (plans: outage-major, public-complaint, public-emergency, tiny)`},
			{"speed out of range", sabine, "POST", "/v1/drills", map[string]any{"plan": "tiny", "speed": 7200}, http.StatusBadRequest, "speed 7200 is not within 1 to 3600"},
			{"live and simulated", ops, "POST", "/v1/drills", map[string]any{"plan": "tiny", "mode": "live", "simulate": true}, http.StatusBadRequest,
				"a live run cannot be simulated"},
			{"unknown role", sabine, "POST", "/v1/drills", map[string]any{"plan": "tiny", "assignments": map[string]string{"janitor": "x"}}, http.StatusBadRequest,
				`unknown role "janitor" (roles: incident-commander, it-liaison)`},
			{"unknown drill", sabine, "GET", "/v1/drills/D-nope", nil, http.StatusNotFound, `no drill "D-nope"`},
			{"unknown drill's report", sabine, "GET", "/v1/drills/D-nope/report", nil, http.StatusNotFound, `no drill "D-nope"`},
			{"bad format", sabine, "GET", "/v1/drills/tiny-1/report?format=pdf", nil, http.StatusBadRequest, `format: "pdf" is not md, html or json`},
			{"bad wait", sabine, "GET", "/v1/drills/tiny-1/result?wait=1y", nil, http.StatusBadRequest, `wait: "1y" is not a duration`},
			{"unknown parameter", sabine, "GET", "/v1/drills?plan=x", nil, http.StatusBadRequest, `unknown parameter "plan"`},
		})
	})
}

// waitResult waits for the drill's result through the API.
func waitResult(t *testing.T, c apiClient, id string) apiv1.DrillResult {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, err := c.api().DrillResult(t.Context(), id, 20*time.Second)
		if err != nil {
			t.Fatalf("result of %s: %v", id, err)
		}
		if out.Result != nil {
			return *out.Result
		}
		if time.Now().After(deadline) {
			t.Fatalf("result of %s: still running, %s on the drill clock", id, out.State.Elapsed)
		}
	}
}

// stepState is the state of step in a drill's state.
func stepState(st apiv1.DrillState, step string) edrill.State {
	for _, s := range st.Steps {
		if s.Step == step {
			return s.State
		}
	}
	return ""
}

// listCount lists tickets with q until want are listed (visibility lags)
// or a deadline passes, and returns how many were.
func listCount(t *testing.T, c apiClient, q apiv1.TicketListQuery, want int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		page, err := c.api().ListTickets(t.Context(), q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		if len(page.Tickets) == want || time.Now().After(deadline) {
			return len(page.Tickets)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// metric reads the value of a series from /metrics; 0 when it is absent.
func metric(t *testing.T, c apiClient, series string) float64 {
	t.Helper()
	body, err := c.api().Metrics(t.Context())
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", series, err)
			}
			return f
		}
	}
	return 0
}

// checkReports gets the drill's report in every format.
func checkReports(t *testing.T, c apiClient, id, kind, title string) {
	t.Helper()
	for _, tc := range []struct{ format, ctype, want string }{
		{"md", "text/markdown; charset=utf-8", title},
		{"html", "text/html; charset=utf-8", "<svg"},
		{"json", "application/json", `"drill": "` + id + `"`},
	} {
		rep, err := c.api().DrillReport(t.Context(), id, tc.format)
		if err != nil || rep.ContentType != tc.ctype || rep.Kind != kind || !strings.Contains(string(rep.Body), tc.want) {
			t.Errorf("%s report: %v %s %s=%s, want %s %s with %q; body starts %.200q",
				tc.format, err, rep.ContentType, apiv1.ReportHeader, rep.Kind, tc.ctype, kind, tc.want, rep.Body)
		}
	}
}

// TestDrillInput checks the settings of a start request: defaults, ranges
// and what a live run refuses, without a server.
func TestDrillInput(t *testing.T) {
	snap := configtest.Load(t, example)
	seed := uint64(42)
	type got struct {
		Mode       edrill.Mode
		Speed      float64
		Simulation *edrill.Simulation
	}
	tests := []struct {
		name    string
		reason  string
		req     apiv1.DrillRequest
		want    got
		wantErr string
	}{
		{name: "defaults", reason: "a drill in real time", req: apiv1.DrillRequest{Plan: "outage-major"}, want: got{Mode: edrill.ModeDrill, Speed: 1}},
		{name: "simulated", reason: "simulated drills run at 60 by default", req: apiv1.DrillRequest{Plan: "outage-major", Simulate: true, Seed: &seed, FailureRate: 0.2},
			want: got{Mode: edrill.ModeDrill, Speed: 60, Simulation: &edrill.Simulation{Seed: 42, Default: edrill.Participant{Failure: 0.2}}}},
		{name: "live", reason: "live runs in real time", req: apiv1.DrillRequest{Plan: "outage-major", Mode: edrill.ModeLive}, want: got{Mode: edrill.ModeLive, Speed: 1}},
		{name: "live sped up", reason: "an emergency does not run faster", req: apiv1.DrillRequest{Plan: "outage-major", Mode: edrill.ModeLive, Speed: 60},
			wantErr: "start drill of plan outage-major: a live run runs in real time (speed 1)"},
		{name: "every problem", reason: "one answer says all", req: apiv1.DrillRequest{Plan: "outage-major", Mode: "rehearsal", ID: "a/b", Speed: 0.5, Seed: &seed},
			wantErr: `start drill of plan outage-major: mode "rehearsal" is not drill or live; id: "a/b" is not a drill id (1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..'); seed and failure_rate need simulate; speed 0.5 is not within 1 to 3600`},
		{name: "failure rate", reason: "a probability", req: apiv1.DrillRequest{Plan: "outage-major", Simulate: true, FailureRate: 1.5},
			wantErr: "start drill of plan outage-major: failure_rate 1.5 is not within 0 to 1"},
		{name: "no plan", reason: "names the plans", req: apiv1.DrillRequest{},
			wantErr: "start drill: no plan given (plans: outage-major, public-complaint, public-emergency)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := drillInput(snap.Plans, tt.req, "ops")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("%s: error %v, want %q", tt.reason, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got{Mode: in.Mode, Speed: in.Speed, Simulation: in.Simulation}); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if !regexp.MustCompile(`^D-outage-major-[0-9a-f]{8}$`).MatchString(in.ID) || in.Owner != "ops" || in.Plan.ID != "outage-major" {
				t.Errorf("id %q, owner %q, plan %q", in.ID, in.Owner, in.Plan.ID)
			}
		})
	}
}
