package incentive

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

const example = "../../examples/acme-shop"

// TestApproveAcmeShop evaluates acme-shop's month incentives on a card
// where two teams earn the service-level bonus and decides the payouts
// with the example's own approval policy: one level, a manager.
func TestApproveAcmeShop(t *testing.T) {
	ctx := context.Background()
	b, err := bundle.Compile(ctx, configtest.Load(t, example))
	if err != nil {
		t.Fatal(err)
	}
	cfg := b.Snapshot.Config
	card := kpi.Card{Period: "2026-11"}
	for _, r := range []struct {
		team    string
		sl, res float64
	}{
		{"after-sales", 75, 80},       // good, ok: the bonus
		{"complaints", 81, 93},        // excellent, excellent: the bonus
		{"logistics", 70, 90},         // service level ok: one band short
		{"pre-sales", 75, 70},         // resolution below: one band short
		{"technical-support", 50, 70}, // two conditions fail
	} {
		card.Results = append(card.Results,
			result(cfg, "resolution-rate", "team:"+r.team, r.res, 100),
			result(cfg, "service-level-team", "team:"+r.team, r.sl, 100))
	}
	out := Evaluate(cfg, card, nil)
	if err := Approve(ctx, b.Engine, &out); err != nil {
		t.Fatal(err)
	}
	var got []Award
	for _, a := range out.Awards {
		if a.Incentive == "team-service-level-bonus" {
			got = append(got, a)
		}
	}
	approval := &Approval{Status: policy.NeedsApproval, Levels: []string{"manager"},
		Reasons: []string{"incentive_payout of 400 needs approval by manager", "level 0 (manager) awaits approval"}}
	want := []Award{
		{Incentive: "team-service-level-bonus", Name: "Team service-level bonus", Recipient: "team:after-sales",
			Reward: model.Reward{Bonus: 400, Currency: "EUR"}, Reason: "service-level-team 75.0 (good), resolution-rate 80.0 (ok)",
			Approval: approval},
		{Incentive: "team-service-level-bonus", Name: "Team service-level bonus", Recipient: "team:complaints",
			Reward: model.Reward{Bonus: 400, Currency: "EUR"}, Reason: "service-level-team 81.0 (excellent), resolution-rate 93.0 (excellent)",
			Approval: approval},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("awards of team-service-level-bonus (-want +got):\n%s", diff)
	}
	var misses []NearMiss
	for _, m := range out.NearMisses {
		if m.Incentive == "team-service-level-bonus" {
			misses = append(misses, m)
		}
	}
	wantMisses := []NearMiss{
		{Incentive: "team-service-level-bonus", Name: "Team service-level bonus", Recipient: "team:logistics",
			Reason: "missed Team service-level bonus: service-level-team 70.0 < 72.0 (good)"},
		{Incentive: "team-service-level-bonus", Name: "Team service-level bonus", Recipient: "team:pre-sales",
			Reason: "missed Team service-level bonus: resolution-rate 70.0 < 75.0 (ok)"},
	}
	if diff := cmp.Diff(wantMisses, misses); diff != "" {
		t.Errorf("near misses of team-service-level-bonus (-want +got):\n%s", diff)
	}
}

// recorder is an Approver that records the requests and answers with a
// fixed decision or error.
type recorder struct {
	reqs []policy.ApprovalRequest
	d    policy.ApprovalDecision
	err  error
}

func (r *recorder) Approve(_ context.Context, req policy.ApprovalRequest) (policy.ApprovalDecision, error) {
	r.reqs = append(r.reqs, req)
	return r.d, r.err
}

func TestApproveRequests(t *testing.T) {
	out := Outcome{Period: "2026-11", Awards: []Award{
		{Incentive: "points", Recipient: "agent:ana", Reward: model.Reward{Points: 10}},
		{Incentive: "bonus", Recipient: "agent:ana", Reward: model.Reward{Bonus: 150, Currency: "EUR"},
			Approval: &Approval{Status: StatusRequested}},
	}}
	r := &recorder{d: policy.ApprovalDecision{Outcome: policy.Allowed, Required: []string{}, Reasons: []string{"fine"}}}
	if err := Approve(context.Background(), r, &out); err != nil {
		t.Fatal(err)
	}
	amount := 150.0
	wantReqs := []policy.ApprovalRequest{{Action: model.IncentivePayout, Amount: &amount,
		Requester: policy.Principal{ID: RequesterID, Roles: []string{"integration"}}}}
	if diff := cmp.Diff(wantReqs, r.reqs); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	want := []*Approval{nil, {Status: policy.Allowed, Levels: []string{}, Reasons: []string{"fine"}}}
	for i, a := range out.Awards {
		if diff := cmp.Diff(want[i], a.Approval); diff != "" {
			t.Errorf("award %d approval (-want +got):\n%s", i, diff)
		}
	}
	// A decided approval is not asked again.
	if err := Approve(context.Background(), r, &out); err != nil {
		t.Fatal(err)
	}
	if len(r.reqs) != 1 {
		t.Errorf("approving twice sent %d requests, want 1", len(r.reqs))
	}

	boom := errors.New("boom")
	out.Awards[1].Approval = &Approval{Status: StatusRequested}
	err := Approve(context.Background(), &recorder{err: boom}, &out)
	if !errors.Is(err, boom) || err.Error() != "approve bonus payout to agent:ana: boom" {
		t.Errorf("Approve with a failing approver: %v, want the wrapped error", err)
	}
}
