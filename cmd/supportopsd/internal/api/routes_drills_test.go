package api

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/apiv1"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// noDrills is a daemon that runs no drills.
func noDrills(s *Server) { s.Drills = nil }

// wantUpdates checks the updates the drills service was sent.
func wantUpdates(want ...fakeUpdate) func(*testing.T, *rig, *httptest.ResponseRecorder) {
	return func(t *testing.T, r *rig, _ *httptest.ResponseRecorder) {
		t.Helper()
		if diff := cmp.Diff(want, r.drills.updates); diff != "" {
			t.Errorf("updates sent (-want +got):\n%s", diff)
		}
	}
}

// drillRouteCases are the requests to the drill routes, one or more for
// each answer a route gives.
func drillRouteCases() []routeCase {
	unavailable := errAnswer{Status: 503, Error: "this daemon runs no drills"}
	noD9 := errAnswer{Status: 404, Error: `no drill "D-9"`}
	failed := errAnswer{Status: 409, Error: "drill D-3 ended without a result: its workflow failed"}
	ended := errAnswer{Status: 400, Error: "drill D-2 has ended"}
	internal := errAnswer{Status: 500, Error: "internal error; see the daemon's log"}
	return []routeCase{
		// POST /v1/drills.
		{name: "start", reason: "201 with who fills the roles", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":"outage"}`,
			want: errAnswer{Status: 201}},
		{name: "start with an id", reason: "the id asked for", method: "POST", target: "/v1/drills", token: tokenOps,
			body: `{"plan":"outage","id":"D-game-day","mode":"drill","simulate":true,"seed":7,"speed":60}`, want: errAnswer{Status: 201}},
		{name: "start unknown plan", reason: "the service's reason", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":"flood"}`,
			want: errAnswer{Status: 400, Error: `start drill: unknown plan "flood" (plans: outage)`}},
		{name: "start bad id", reason: "outside the grammar", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":"outage","id":"a..b"}`,
			want: errAnswer{Status: 400, Error: `"a..b" is not a drill id (1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..')`}},
		{name: "start malformed", reason: "a plan is a string", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":1}`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: json: cannot unmarshal number into Go struct field DrillRequest.plan of type string"}},
		{name: "start long plan", reason: "a name's bound", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":"` + strings.Repeat("p", 129) + `"}`,
			want: errAnswer{Status: 400, Error: "plan is 129 bytes; the limit is 128"}},
		{name: "start fails", reason: "the service fails: 500, saying nothing of it", method: "POST", target: "/v1/drills", token: tokenOps,
			body: `{"plan":"outage","id":"` + drillBroken + `"}`, want: internal},
		{name: "start without drills", reason: "503", method: "POST", target: "/v1/drills", token: tokenOps, body: `{"plan":"outage"}`,
			opts: []func(*Server){noDrills}, want: unavailable},

		// POST /v1/drills/schedules/sync.
		{name: "sync", reason: "what the sync did", method: "POST", target: "/v1/drills/schedules/sync", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "sync fails", reason: "500 with the error and what was done before it", method: "POST", target: "/v1/drills/schedules/sync", token: tokenOps,
			setup: func(_ *testing.T, r *rig) { r.drills.syncErr = errors.New("temporal unavailable") },
			want:  errAnswer{Status: 500, Error: "sync drill schedules: temporal unavailable"}},
		{name: "sync without drills", reason: "503", method: "POST", target: "/v1/drills/schedules/sync", token: tokenOps,
			opts: []func(*Server){noDrills}, want: unavailable},

		// GET /v1/drills.
		{name: "list", reason: "newest first", method: "GET", target: "/v1/drills?limit=10", token: tokenAgent, want: errAnswer{Status: 200}},
		{name: "list limit", reason: "1 to 500", method: "GET", target: "/v1/drills?limit=x", token: tokenOps,
			want: errAnswer{Status: 400, Error: `limit: "x" is not a number from 1 to 500`}},
		{name: "list unknown parameter", reason: "named with the known ones", method: "GET", target: "/v1/drills?page=2", token: tokenOps,
			want: errAnswer{Status: 400, Error: `unknown parameter "page" (want limit)`}},
		{name: "list without drills", reason: "503", method: "GET", target: "/v1/drills", token: tokenOps, opts: []func(*Server){noDrills}, want: unavailable},

		// GET /v1/drills/{id}.
		{name: "drill", reason: "its state", method: "GET", target: "/v1/drills/D-1", token: tokenAgent, want: errAnswer{Status: 200}},
		{name: "drill unknown", reason: "404", method: "GET", target: "/v1/drills/D-9", token: tokenOps, want: noD9},
		{name: "drill bad id", reason: "an id outside the grammar names no drill", method: "GET", target: "/v1/drills/a..b", token: tokenOps,
			want: errAnswer{Status: 404, Error: `no drill "a..b": "a..b" is not a drill id (1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..')`}},
		{name: "drill fails", reason: "500", method: "GET", target: "/v1/drills/" + drillBroken, token: tokenOps, want: internal},
		{name: "drill without drills", reason: "503", method: "GET", target: "/v1/drills/D-1", token: tokenOps, opts: []func(*Server){noDrills}, want: unavailable},

		// POST /v1/drills/{id}/steps/{step}/ack and .../done.
		{name: "ack", reason: "by the token's principal", method: "POST", target: "/v1/drills/D-1/steps/triage/ack", token: tokenAgent,
			body: `{"note":"on it","checklist":["1","status page"]}`, want: errAnswer{Status: 200},
			check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdateAck, Arg: drillwf.StepUpdate{Step: "triage", By: "julia", Note: "on it", Checked: []string{"1", "status page"}}})},
		{name: "ack without a body", reason: "the body is optional", method: "POST", target: "/v1/drills/D-1/steps/triage/ack", token: tokenAgent,
			want:  errAnswer{Status: 200},
			check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdateAck, Arg: drillwf.StepUpdate{Step: "triage", By: "julia"}})},
		{name: "done for someone", reason: "an ops_admin acts for anyone", method: "POST", target: "/v1/drills/D-1/steps/triage/done", token: tokenOps,
			body: `{"as":"julia"}`, want: errAnswer{Status: 200},
			check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdateDone, Arg: drillwf.StepUpdate{Step: "triage", By: "julia"}})},
		{name: "done for someone, not the owner", reason: "only an ops_admin or the owner", method: "POST", target: "/v1/drills/D-1/steps/triage/done", token: tokenAgent,
			body: `{"as":"bob"}`, want: errAnswer{Status: 403, Error: "forbidden", Reasons: []string{
				"julia may not act as bob: only an ops_admin or the drill's owner (ops) may act for someone else"}}, check: wantUpdates()},
		{name: "ack unknown step", reason: "the workflow's reason", method: "POST", target: "/v1/drills/D-1/steps/deploy/ack", token: tokenAgent,
			want: errAnswer{Status: 400, Error: `no step "deploy" in the plan`}},
		{name: "ack bad step", reason: "a step id outside the grammar", method: "POST", target: "/v1/drills/D-1/steps/-x/ack", token: tokenAgent,
			want: errAnswer{Status: 404, Error: `no step "-x" (step ids are 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..')`}},
		{name: "ack too many items", reason: "a checklist's bound", method: "POST", target: "/v1/drills/D-1/steps/triage/ack", token: tokenAgent,
			body: `{"checklist":[` + strings.Repeat(`"1",`, 64) + `"1"]}`, want: errAnswer{Status: 400, Error: "checklist has 65 items; the limit is 64"}},
		{name: "ack ended drill", reason: "the workflow's reason", method: "POST", target: "/v1/drills/D-2/steps/triage/ack", token: tokenAgent, want: ended},
		{name: "done unknown drill", reason: "404", method: "POST", target: "/v1/drills/D-9/steps/triage/done", token: tokenAgent, want: noD9},
		{name: "done malformed", reason: "a note is a string", method: "POST", target: "/v1/drills/D-1/steps/triage/done", token: tokenAgent, body: `{"note":1}`,
			want: errAnswer{Status: 400, Error: "malformed JSON body: json: cannot unmarshal number into Go struct field StepRequest.note of type string"}},
		{name: "ack fails", reason: "500", method: "POST", target: "/v1/drills/" + drillBroken + "/steps/triage/ack", token: tokenOps, want: internal},
		{name: "done without drills", reason: "503", method: "POST", target: "/v1/drills/D-1/steps/triage/done", token: tokenAgent,
			opts: []func(*Server){noDrills}, want: unavailable},

		// POST /v1/drills/{id}/abort, .../pause and .../resume.
		{name: "abort", reason: "with its reason", method: "POST", target: "/v1/drills/D-1/abort", token: tokenOps, body: `{"reason":"test over"}`,
			want: errAnswer{Status: 200}, check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdateAbort, Arg: drillwf.Control{By: "ops", Reason: "test over"}})},
		{name: "pause", reason: "no body", method: "POST", target: "/v1/drills/D-1/pause", token: tokenOps,
			want: errAnswer{Status: 200}, check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdatePause, Arg: drillwf.Control{By: "ops"}})},
		{name: "resume", reason: "no body", method: "POST", target: "/v1/drills/D-1/resume", token: tokenOps,
			want: errAnswer{Status: 200}, check: wantUpdates(fakeUpdate{ID: "D-1", Name: drillwf.UpdateResume, Arg: drillwf.Control{By: "ops"}})},
		{name: "abort long reason", reason: "a comment's bound", method: "POST", target: "/v1/drills/D-1/abort", token: tokenOps,
			body: `{"reason":"` + strings.Repeat("r", 4097) + `"}`, want: errAnswer{Status: 400, Error: "reason is 4097 bytes; the limit is 4096"}},
		{name: "pause for someone, not the owner", reason: "only an ops_admin or the owner", method: "POST", target: "/v1/drills/D-1/pause", token: tokenAgent,
			body: `{"as":"ops"}`, want: errAnswer{Status: 403, Error: "forbidden", Reasons: []string{
				"julia may not act as ops: only an ops_admin or the drill's owner (ops) may act for someone else"}}},
		{name: "resume ended drill", reason: "the workflow's reason", method: "POST", target: "/v1/drills/D-2/resume", token: tokenOps, want: ended},
		{name: "abort unknown drill", reason: "404", method: "POST", target: "/v1/drills/D-9/abort", token: tokenOps, body: `{"reason":"x"}`, want: noD9},
		{name: "resume fails", reason: "500", method: "POST", target: "/v1/drills/" + drillBroken + "/resume", token: tokenOps, want: internal},
		{name: "pause without drills", reason: "503", method: "POST", target: "/v1/drills/D-1/pause", token: tokenOps, opts: []func(*Server){noDrills}, want: unavailable},

		// GET /v1/drills/{id}/result.
		{name: "result", reason: "200 once ended", method: "GET", target: "/v1/drills/D-2/result", token: tokenOps, want: errAnswer{Status: 200}},
		{name: "result running", reason: "202 with the state", method: "GET", target: "/v1/drills/D-1/result?wait=1s", token: tokenOps, want: errAnswer{Status: 202}},
		{name: "result failed", reason: "ended without a result: 409", method: "GET", target: "/v1/drills/D-3/result", token: tokenOps, want: failed},
		{name: "result long wait", reason: "at most 10 minutes", method: "GET", target: "/v1/drills/D-1/result?wait=1h", token: tokenOps,
			want: errAnswer{Status: 400, Error: `wait: "1h" is not a duration from 0s to 10m0s`}},
		{name: "result unknown drill", reason: "404", method: "GET", target: "/v1/drills/D-9/result", token: tokenOps, want: noD9},
		{name: "result fails", reason: "500", method: "GET", target: "/v1/drills/" + drillBroken + "/result", token: tokenOps, want: internal},
		{name: "result without drills", reason: "503", method: "GET", target: "/v1/drills/D-1/result", token: tokenOps, opts: []func(*Server){noDrills}, want: unavailable},

		// GET /v1/drills/{id}/report.
		{name: "report", reason: "Markdown by default, final once ended", method: "GET", target: "/v1/drills/D-2/report", token: tokenOps,
			want: errAnswer{Status: 200}, wantHeader: map[string]string{"Content-Type": "text/markdown; charset=utf-8", apiv1.ReportHeader: "final"}},
		{name: "report html", reason: "provisional while running", method: "GET", target: "/v1/drills/D-1/report?format=html", token: tokenOps,
			want: errAnswer{Status: 200}, wantHeader: map[string]string{"Content-Type": "text/html; charset=utf-8", apiv1.ReportHeader: "provisional"}},
		{name: "report json", reason: "the result as JSON", method: "GET", target: "/v1/drills/D-2/report?format=json", token: tokenOps,
			want: errAnswer{Status: 200}, wantHeader: map[string]string{"Content-Type": "application/json", apiv1.ReportHeader: "final"}},
		{name: "report pdf", reason: "md, html or json", method: "GET", target: "/v1/drills/D-2/report?format=pdf", token: tokenOps,
			want: errAnswer{Status: 400, Error: `format: "pdf" is not md, html or json`}},
		{name: "report failed", reason: "ended without a result: 409", method: "GET", target: "/v1/drills/D-3/report", token: tokenOps, want: failed},
		{name: "report unknown drill", reason: "404", method: "GET", target: "/v1/drills/D-9/report", token: tokenOps, want: noD9},
		{name: "report fails", reason: "500", method: "GET", target: "/v1/drills/" + drillBroken + "/report", token: tokenOps, want: internal},
		{name: "report without drills", reason: "503", method: "GET", target: "/v1/drills/D-1/report", token: tokenOps, opts: []func(*Server){noDrills}, want: unavailable},
	}
}
