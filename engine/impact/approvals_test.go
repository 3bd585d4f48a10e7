package impact

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil"
)

// The refund tier acme-shop's supervisors approve alone, and the same
// tier raised to cover a refund of 800.
const (
	supervisorTier       = `{up_to: 500, approvers: ["supervisor"]}`
	supervisorTierRaised = `{up_to: 1000, approvers: ["supervisor"]}`
)

// approvalRecords are a ticket with a refund of 800 requested by
// julia-wagner (an agent), one with a compensation of 15 requested by an
// integration that is no agent, and one without approvals.
func approvalRecords(t *testing.T) []history.Record {
	created := time.Date(2026, 11, 4, 10, 0, 0, 0, berlin(t))
	refund, goodwill := 800.0, 15.0
	rec := func(id string, approvals ...history.RecordApproval) history.Record {
		return history.Record{ID: id, Channel: "email", Category: "returns", Language: "de", CreatedAt: created,
			FirstReplyAt: at(created.Add(time.Hour)), Contacts: 1, AgentReplies: 1, Approvals: approvals}
	}
	return []history.Record{
		rec("T-1", history.RecordApproval{ID: "T-1.A1", Action: "refund", Amount: &refund, Requester: "julia-wagner", Outcome: policy.NeedsApproval}),
		rec("T-2", history.RecordApproval{ID: "T-2.A1", Action: "compensation", Amount: &goodwill, Requester: "shop-bot", Outcome: policy.Allowed}),
		rec("T-3"),
	}
}

// TestApprovals decides recorded approval requests under the base and the
// head: a refund of 800 needs a supervisor, then a manager in acme-shop
// and a supervisor alone once the supervisors' tier reaches 1,000 (and
// the other way round); the compensation of 15 is allowed under both.
func TestApprovals(t *testing.T) {
	acme := openBundle(t, exampleDir)
	raised := openBundle(t, editedExample("approvals.cue", supervisorTier, supervisorTierRaised)(t))
	twoLevels := ApprovalOutcome{Outcome: policy.NeedsApproval, Required: []string{"supervisor", "manager"}}
	oneLevel := ApprovalOutcome{Outcome: policy.NeedsApproval, Required: []string{"supervisor"}}
	tests := []struct {
		name       string
		base, head *bundle.Bundle
		wantCount  int
		wantRows   []ApprovalChange
	}{
		{"threshold raised: a level less", acme, raised, 1, []ApprovalChange{{Action: "refund", Before: twoLevels, After: oneLevel, Requests: 1}}},
		{"threshold lowered: a level more", raised, acme, 1, []ApprovalChange{{Action: "refund", Before: oneLevel, After: twoLevels, Requests: 1}}},
		{"unchanged", acme, acme, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compare(t, tt.base, tt.head, Options{}, approvalRecords(t)...)
			if r.Tickets != 3 || r.Counts.Approval != tt.wantCount || r.Changed != tt.wantCount {
				t.Errorf("tickets %d, changed %d, counts %+v; want 3 tickets, %d changed by approvals alone", r.Tickets, r.Changed, r.Counts, tt.wantCount)
			}
			var wantExamples []string
			if tt.wantCount > 0 {
				wantExamples = []string{"T-1"}
			}
			if diff := cmp.Diff(wantExamples, r.Examples[KindApproval]); diff != "" {
				t.Errorf("approval examples (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRows, r.Approvals); diff != "" {
				t.Errorf("approvals (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrincipal: a requester is an agent with their roles and team in
// that side's configuration, or an id without roles.
func TestPrincipal(t *testing.T) {
	s := newSide(openBundle(t, exampleDir))
	tests := []struct {
		id   string
		want policy.Principal
	}{
		{"julia-wagner", policy.Principal{ID: "julia-wagner", Roles: []string{"agent"}, Team: "after-sales"}},
		{"shop-bot", policy.Principal{ID: "shop-bot", Roles: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, s.principal(tt.id)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestRenderApprovals prints a change that only moves approvals.
func TestRenderApprovals(t *testing.T) {
	r := Result{Tickets: 40, Changed: 3, Counts: Counts{Approval: 3}, Examples: map[string][]string{KindApproval: {"T-1", "T-7", "T-9"}},
		Approvals: []ApprovalChange{
			{Action: "compensation", Before: ApprovalOutcome{Outcome: policy.Allowed, Required: []string{}},
				After: ApprovalOutcome{Outcome: policy.NeedsApproval, Required: []string{"supervisor"}}, Requests: 1},
			{Action: "refund", Before: ApprovalOutcome{Outcome: policy.NeedsApproval, Required: []string{"supervisor", "manager"}},
				After: ApprovalOutcome{Outcome: policy.NeedsApproval, Required: []string{"supervisor"}}, Requests: 2},
		}}
	var text, md bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, "testdata/render/approvals.txt", text.String())
	testutil.Golden(t, "testdata/render/approvals.md", md.String())
}
