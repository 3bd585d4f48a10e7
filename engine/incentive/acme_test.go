package incentive

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/supportops/supportops/engine/bundle"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
)

// exampleHistory is acme-shop's generated month (internal/historygen).
const exampleHistory = example + "/history/2026-11.jsonl.gz"

// TestAcmeShopMonth evaluates acme-shop's incentives over its example
// month as the period close does (KPIs, counts, approvals) and checks the
// awards against the records counted here directly and against the
// rules' caps, tops and approvals.
func TestAcmeShopMonth(t *testing.T) {
	ctx := context.Background()
	b, err := bundle.Compile(ctx, configtest.Load(t, example))
	if err != nil {
		t.Fatal(err)
	}
	cfg := b.Snapshot.Config
	f, err := os.Open(exampleHistory)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := history.Read(exampleHistory, f)
	if err != nil {
		t.Fatal(err)
	}
	tally, err := kpi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	counter, err := NewCounter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		tally.Add(&recs[i])
		counter.Add(&recs[i])
	}
	loc, err := time.LoadLocation(cfg.Center.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	month, err := kpi.ParsePeriod("2026-11", loc)
	if err != nil {
		t.Fatal(err)
	}
	card := tally.Card(month)
	out := Evaluate(cfg, card, counter.Counts(month))
	if err := Approve(ctx, b.Engine, &out); err != nil {
		t.Fatal(err)
	}

	// The month's difficult contacts, complaints among them and
	// commendations per agent, counted here from the records.
	difficult, complained, commended := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range recs {
		at := r.CreatedAt
		if r.SolvedAt != nil {
			at = *r.SolvedAt
		}
		if r.Drill || r.Agent == "" || !month.Contains(at) {
			continue
		}
		key := RecipientAgent + ":" + r.Agent
		if r.Difficult {
			difficult[key]++
			if r.Complaint {
				complained[key]++
			}
		}
		if r.Commendation {
			commended[key]++
		}
	}
	wantGrievance, wantPoints := map[string]bool{}, map[string]int{}
	for key, n := range difficult {
		if n >= 10 && complained[key] == 0 {
			wantGrievance[key] = true
		}
	}
	for key, n := range commended {
		wantPoints[key] = min(10*n, 100)
	}

	gotGrievance, gotPoints := map[string]bool{}, map[string]int{}
	var stars []Award
	for _, a := range out.Awards {
		switch a.Incentive {
		case "grievance-award":
			gotGrievance[a.Recipient] = true
		case "commendation-points":
			gotPoints[a.Recipient] = a.Reward.Points
		case "service-star":
			stars = append(stars, a)
		case "team-service-level-bonus":
			want := &Approval{Status: policy.NeedsApproval, Levels: []string{"manager"},
				Reasons: []string{"incentive_payout of 400 needs approval by manager", "level 0 (manager) awaits approval"}}
			if diff := cmp.Diff(want, a.Approval); diff != "" {
				t.Errorf("%s approval (-want +got):\n%s", a.Recipient, diff)
			}
		}
	}
	if diff := cmp.Diff(wantGrievance, gotGrievance); diff != "" {
		t.Errorf("grievance awards (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantPoints, gotPoints); diff != "" {
		t.Errorf("commendation points (-want +got):\n%s", diff)
	}
	// The example's promise: a Service star and a grievance award.
	if len(stars) == 0 || len(stars) > 3 || len(gotGrievance) == 0 {
		t.Errorf("%d service stars and %d grievance awards, want 1-3 and at least 1", len(stars), len(gotGrievance))
	}
	// Stars are ranked 1..n by CSAT, best first, each excellent.
	csat := map[string]kpi.Result{}
	for _, r := range card.Results {
		if r.KPI == "csat-agent" {
			csat[r.Scope] = r
		}
	}
	for i, a := range stars {
		r := csat[a.Recipient]
		if a.Rank != i+1 || r.Band != kpi.Excellent {
			t.Errorf("star %d: %s rank %d, csat band %s", i+1, a.Recipient, a.Rank, r.Band)
		}
		if i > 0 && *r.Value > *csat[stars[i-1].Recipient].Value {
			t.Errorf("star %d (%s, %.3f) ranks below a lower CSAT", i+1, a.Recipient, *r.Value)
		}
	}
}
