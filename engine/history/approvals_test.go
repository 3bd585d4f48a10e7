package history_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/history"
)

// TestFoldApprovals folds a refund's approval requests as the ticket
// workflow records them (the detail of the recorded replay history
// ticket-v2-refund-approved-solved-after-restart.json): each request with
// its requester, and a detail that does not read as a request skipped.
func TestFoldApprovals(t *testing.T) {
	const id = "T-6FOEND4B4R3NW26NLWGVPQDFLE"
	s := &stream{id: id, status: "open", queue: "after-sales", prio: "P4"}
	s.add(0, event.Opened, "", "Parcel lost twice via email").
		add(0, event.Routed, "", "priority P4, queue after-sales, agent julia-wagner").
		add(time.Minute, event.ApprovalRequested, "julia-wagner", id+".A1 refund of 800: needs_approval").
		add(2*time.Minute, event.ApprovalDecided, "petra-hoffmann", id+".A1: approve at level 0; now needs_approval").
		add(3*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A2 sla_exception: allowed").
		add(4*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A3 compensation of 12.5: denied").
		// Not requests as the workflow writes them: skipped.
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A4 refund of lots: needs_approval").
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A5 gift: allowed").
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A6 refund: maybe").
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", "garbled").
		add(5*time.Minute, event.ApprovalRequested, "", id+".A7 refund: allowed").
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", id+".A8 refund of -3: allowed").
		add(5*time.Minute, event.ApprovalRequested, "julia-wagner", "")
	recs := history.Fold(s.events)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	eight, twelve := 800.0, 12.5
	want := []history.RecordApproval{
		{ID: id + ".A1", Action: "refund", Amount: &eight, Requester: "julia-wagner", Outcome: "needs_approval"},
		{ID: id + ".A2", Action: "sla_exception", Requester: "julia-wagner", Outcome: "allowed"},
		{ID: id + ".A3", Action: "compensation", Amount: &twelve, Requester: "julia-wagner", Outcome: "denied"},
	}
	if diff := cmp.Diff(want, recs[0].Approvals); diff != "" {
		t.Errorf("approvals (-want +got):\n%s", diff)
	}
	if got := recs[0].Queue + "/" + recs[0].Agent; got != "after-sales/julia-wagner" {
		t.Errorf("queue/agent %s, want after-sales/julia-wagner", got)
	}
}

// TestApprovalsRead reads approvals from JSON Lines with a FILE:LINE
// error for each bad one, and refuses an approvals column in CSV.
func TestApprovalsRead(t *testing.T) {
	const base = `"id":"T-1","channel":"web","created_at":"2026-11-02T09:00:00Z","agent_replies":1,"contacts":1,"reopened":0`
	for name, tc := range map[string]struct {
		file, in string
		want     []history.RecordApproval
		errs     []string
	}{
		"jsonl": {file: "h.jsonl", in: `{` + base + `,"approvals":[{"id":"T-1.A1","action":"refund","amount":800,"requester":"julia","outcome":"needs_approval"}]}`,
			want: []history.RecordApproval{{ID: "T-1.A1", Action: "refund", Amount: ptr(800.0), Requester: "julia", Outcome: "needs_approval"}}},
		"jsonl: bad": {file: "h.jsonl", in: `{` + base + `,"approvals":[{"id":"T-1.A1","action":"gift","amount":-1,"outcome":"approved","x":1}]}`,
			errs: []string{
				`h.jsonl:1: approvals[0].requester: missing`,
				`h.jsonl:1: approvals[0].x: unknown field`,
			}},
		"jsonl: values": {file: "h.jsonl", in: `{` + base + `,"approvals":[{"id":"T-1.A1","action":"gift","amount":-1,"requester":"j","outcome":"approved"}]}`,
			errs: []string{
				`h.jsonl:1: approvals[0].action: "gift" is not an approval action (refund, compensation, sla_exception, escalation_override, incentive_payout)`,
				`h.jsonl:1: approvals[0].amount: -1 is negative`,
				`h.jsonl:1: approvals[0].outcome: "approved" is not an approval outcome (allowed, needs_approval, denied)`,
			}},
		"jsonl: not a list": {file: "h.jsonl", in: `{` + base + `,"approvals":{"id":"T-1.A1"}}`,
			errs: []string{`h.jsonl:1: approvals: want a list of approvals, each {id, action, amount?, requester, outcome}`}},
		"csv": {file: "h.csv", in: "id,channel,created_at,agent_replies,contacts,reopened,approvals\nT-1,web,2026-11-02T09:00:00Z,1,1,0,\n",
			errs: []string{`h.csv:1: approvals: approvals exist only in JSON Lines histories: CSV has no column for them`}},
	} {
		t.Run(name, func(t *testing.T) {
			recs, err := history.Read(tc.file, strings.NewReader(tc.in))
			var errs []string
			if err != nil {
				errs = strings.Split(err.Error(), "\n")
			}
			if diff := cmp.Diff(tc.errs, errs); diff != "" {
				t.Fatalf("errors (-want +got):\n%s", diff)
			}
			if err == nil {
				if diff := cmp.Diff(tc.want, recs[0].Approvals); diff != "" {
					t.Errorf("approvals (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
