package api

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/supportops/supportops/apiv1"
	edrill "github.com/supportops/supportops/engine/drill"
	drillwf "github.com/supportops/supportops/workflows/drill"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// clientRig is the API on the fakes behind a real HTTP server, and
// apiv1 clients of it as ops (an ops_admin) and max (an agent of another
// team than the tickets').
type clientRig struct {
	*rig
	url           string
	ops, outsider *apiv1.Client
}

func newClientRig(t *testing.T) *clientRig {
	t.Helper()
	r := newRig(t)
	srv := httptest.NewServer(r.h)
	t.Cleanup(srv.Close)
	return &clientRig{rig: r, url: srv.URL, ops: apiv1.New(srv.URL, tokenOps), outsider: apiv1.New(srv.URL, tokenOutsider)}
}

// must returns a getter's value, failing the test on its error.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// ticketState is ticket id's state as the fakes hold it.
func (r *clientRig) ticketState(t *testing.T, id string) ticketwf.State {
	return must[ticketwf.State](t)(r.tickets.State(t.Context(), id))
}

// drillState is drill id's state as the fakes hold it.
func (r *clientRig) drillState(t *testing.T, id string) drillwf.State {
	return must[drillwf.State](t)(r.drills.State(t.Context(), id))
}

// TestClient calls every route through the typed client apiv1.Client on
// the fakes and compares what it returns, decoded into the wire types, with
// what the fakes hold: the happy paths, the wire is TestRouteAnswers'.
func TestClient(t *testing.T) {
	r := newClientRig(t)
	keepText(t, r.rig)
	c := r.ops
	repl := apiv1.EventRequest{Event: ticketwf.Event{Kind: ticketwf.EventReply, From: ticketwf.FromAgent, Public: true}}
	type call func(ctx context.Context) (any, error)
	tests := []struct {
		name string
		call call
		want func(t *testing.T) any // what the call returns, once it has run
	}{
		{"health", func(ctx context.Context) (any, error) { return c.Health(ctx) },
			func(*testing.T) any { return apiv1.Health{Status: apiv1.HealthOK} }},
		{"openapi", func(ctx context.Context) (any, error) { return c.OpenAPI(ctx) },
			func(*testing.T) any { return apiv1.OpenAPIDocument() }},
		{"open", func(ctx context.Context) (any, error) { return c.OpenTicket(ctx, goodTicket("T-100")) },
			func(*testing.T) any { return apiv1.OpenedTicket{ID: "T-100", Created: true} }},
		{"open again", func(ctx context.Context) (any, error) { return c.OpenTicket(ctx, goodTicket("T-1")) },
			func(*testing.T) any { return apiv1.OpenedTicket{ID: "T-1", Created: false} }},
		{"list", func(ctx context.Context) (any, error) {
			return c.ListTickets(ctx, apiv1.TicketListQuery{Status: "open", Limit: 10})
		},
			func(t *testing.T) any {
				return must[ticketwf.Page](t)(r.tickets.List(t.Context(), ticketwf.Filter{}, 10, ""))
			}},
		{"ticket", func(ctx context.Context) (any, error) { return c.Ticket(ctx, "T-1") },
			func(t *testing.T) any { return r.ticketState(t, "T-1") }},
		{"event", func(ctx context.Context) (any, error) { return c.PostEvent(ctx, "T-1", repl) },
			func(t *testing.T) any { return r.ticketState(t, "T-1") }},
		{"content", func(ctx context.Context) (any, error) { return c.Content(ctx, "T-1", keptRef) },
			func(*testing.T) any { return apiv1.ContentResponse{Ref: keptRef, Size: len(keptText), Body: keptText} }},
		{"migrate", func(ctx context.Context) (any, error) { return c.Migrate(ctx, "T-1", apiv1.MigrateRequest{}) },
			func(t *testing.T) any { st := r.ticketState(t, "T-1"); st.Config = fakeVersion; return st }},
		{"request approval", func(ctx context.Context) (any, error) {
			return c.RequestApproval(ctx, "T-1", apiv1.ApprovalRequest{Action: "refund", Amount: ptr(30.0)})
		}, func(t *testing.T) any { return r.ticketState(t, "T-1") }},
		{"decide", func(ctx context.Context) (any, error) {
			return c.Decide(ctx, "T-1.A1", apiv1.ApprovalDecision{Decision: apiv1.DecisionApprove})
		}, func(t *testing.T) any { return r.ticketState(t, "T-1") }},
		{"reload", func(ctx context.Context) (any, error) { return c.Reload(ctx) },
			func(*testing.T) any { return apiv1.Reloaded{Config: fakeVersion} }},
		{"start drill", func(ctx context.Context) (any, error) { return c.StartDrill(ctx, apiv1.DrillRequest{Plan: "outage"}) },
			func(*testing.T) any {
				return apiv1.DrillStarted{ID: fakeStarted, Plan: "outage", Mode: edrill.ModeDrill, Speed: 1,
					Assignments: map[string]string{"commander": "ops"}, Unfilled: []string{}}
			}},
		{"sync schedules", func(ctx context.Context) (any, error) { return c.SyncSchedules(ctx) },
			func(t *testing.T) any { return must[apiv1.ScheduleReport](t)(r.drills.SyncSchedules(t.Context())) }},
		{"list drills", func(ctx context.Context) (any, error) { return c.ListDrills(ctx, apiv1.DrillListQuery{Limit: 5}) },
			func(t *testing.T) any {
				return apiv1.DrillList{Drills: must[[]drillwf.Summary](t)(r.drills.List(t.Context(), 5))}
			}},
		{"drill", func(ctx context.Context) (any, error) { return c.Drill(ctx, drillRunning) },
			func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"ack", func(ctx context.Context) (any, error) {
			return c.AckStep(ctx, drillRunning, "triage", apiv1.StepRequest{Note: "on it"})
		},
			func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"complete", func(ctx context.Context) (any, error) {
			return c.CompleteStep(ctx, drillRunning, "triage", apiv1.StepRequest{Checklist: []string{"1"}})
		}, func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"pause", func(ctx context.Context) (any, error) { return c.PauseDrill(ctx, drillRunning, apiv1.ControlRequest{}) },
			func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"resume", func(ctx context.Context) (any, error) {
			return c.ResumeDrill(ctx, drillRunning, apiv1.ControlRequest{})
		},
			func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"abort", func(ctx context.Context) (any, error) {
			return c.AbortDrill(ctx, drillRunning, apiv1.ControlRequest{Reason: "over"})
		}, func(t *testing.T) any { return r.drillState(t, drillRunning) }},
		{"result", func(ctx context.Context) (any, error) { return c.DrillResult(ctx, drillDone, 0) },
			func(*testing.T) any { return apiv1.DrillOutcome{Result: fakeResult()} }},
		{"result running", func(ctx context.Context) (any, error) { return c.DrillResult(ctx, drillRunning, time.Second) },
			func(t *testing.T) any { st := r.drillState(t, drillRunning); return apiv1.DrillOutcome{State: &st} }},
		{"report", func(ctx context.Context) (any, error) { return c.DrillReport(ctx, drillDone, apiv1.ReportMarkdown) },
			func(t *testing.T) any {
				plan := fakePlan()
				var md bytes.Buffer
				if err := edrill.Markdown(&md, *fakeResult(), &plan); err != nil {
					t.Fatal(err)
				}
				return apiv1.Report{Kind: apiv1.ReportFinal, ContentType: "text/markdown; charset=utf-8", Body: md.Bytes()}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.call(t.Context())
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(tc.want(t), got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
		})
	}
	metrics, err := c.Metrics(t.Context())
	if err != nil || !bytes.Contains(metrics, []byte("supportops_http_requests_total")) {
		t.Errorf("metrics: %v, %.200q, want the requests served", err, metrics)
	}
}

// TestClientErrors: an answer the API refuses reaches the client as an
// *apiv1.Error with the HTTP status, the message and the policy's reasons.
func TestClientErrors(t *testing.T) {
	r := newClientRig(t)
	tests := []struct {
		name string
		call func(ctx context.Context) error
		want *apiv1.Error
	}{
		{"not found", func(ctx context.Context) error { _, err := r.ops.Ticket(ctx, "T-9"); return err },
			&apiv1.Error{Status: http.StatusNotFound, Message: `no ticket "T-9"`}},
		{"forbidden", func(ctx context.Context) error { _, err := r.outsider.Ticket(ctx, "T-1"); return err },
			&apiv1.Error{Status: http.StatusForbidden, Message: "forbidden", Reasons: []string{"another team's ticket"}}},
		{"conflict", func(ctx context.Context) error {
			tk := goodTicket("T-1")
			tk.Subject = "another"
			_, err := r.ops.OpenTicket(ctx, tk)
			return err
		}, &apiv1.Error{Status: http.StatusConflict, Message: "ticket T-1 exists already, with another subject"}},
		{"ended", func(ctx context.Context) error { _, err := r.ops.DrillResult(ctx, drillFailed, 0); return err },
			&apiv1.Error{Status: http.StatusConflict, Message: "drill D-3 ended without a result: its workflow failed"}},
		{"bad request", func(ctx context.Context) error {
			_, err := r.ops.PostEvent(ctx, "T-1", apiv1.EventRequest{Event: ticketwf.Event{Kind: "dance"}})
			return err
		}, &apiv1.Error{Status: http.StatusBadRequest, Message: `unknown event kind "dance"`}},
		{"unauthenticated", func(ctx context.Context) error {
			_, err := apiv1.New(r.url, "").Reload(ctx)
			return err
		}, &apiv1.Error{Status: http.StatusUnauthorized, Message: "no bearer token: send Authorization: Bearer <token>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got *apiv1.Error
			if err := tc.call(t.Context()); !errors.As(err, &got) {
				t.Fatalf("error %v, want an *apiv1.Error", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
