package scorecard

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	escorecard "github.com/supportops/supportops/engine/scorecard"
	"github.com/supportops/supportops/internal/testutil/workflowtest"
)

// fakeSource builds a scorecard of two awards, the second a payout that
// needs approval, and counts its builds.
type fakeSource struct {
	mu     sync.Mutex
	builds []string
}

func (f *fakeSource) Scorecard(_ context.Context, period, version string) (escorecard.Scorecard, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.builds = append(f.builds, period)
	v := 92.5
	return escorecard.Scorecard{Center: "Acme", Period: period,
		Card: kpi.Card{Period: period, Results: []kpi.Result{{KPI: "sl", Metric: "service_level", Scope: "center", Value: &v, Numerator: 37, Denominator: 40, Target: 80, Band: kpi.Excellent}}},
		Outcome: incentive.Outcome{Period: period, Awards: []incentive.Award{
			{Incentive: "service-star", Name: "Service star", Recipient: "agent:kim", Rank: 1, Reward: model.Reward{Points: 100}, Reason: "csat 4.9 ≥ 4.8"},
			{Incentive: "grievance", Name: "Grievance award", Recipient: "team:care", Reward: model.Reward{Bonus: 500, Currency: "EUR"}, Reason: "12 complaints resolved",
				Approval: &incentive.Approval{Status: incentive.StatusRequested}},
		}}}, cmpOr(version, "v1"), nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (f *fakeSource) Approver(context.Context, string) (incentive.Approver, error) {
	return fakeApprover{}, nil
}

// fakeApprover needs a manager's approval for any payout.
type fakeApprover struct{}

func (fakeApprover) Approve(_ context.Context, req policy.ApprovalRequest) (policy.ApprovalDecision, error) {
	return policy.ApprovalDecision{Outcome: policy.NeedsApproval, Required: []string{"manager"}, Reasons: []string{"payout of " + string(req.Action)}}, nil
}

// fakeNotifier records the recipients told.
type fakeNotifier struct {
	mu   sync.Mutex
	told []string
}

func (f *fakeNotifier) NotifyAward(_ context.Context, n Notification) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.told = append(f.told, n.Period+" "+n.Award.Recipient)
	return nil
}

// rig is a period close on a memory event store.
type rig struct {
	source   *fakeSource
	notifier *fakeNotifier
	store    EventStore
}

func newRig() *rig {
	return &rig{source: &fakeSource{}, notifier: &fakeNotifier{}, store: EventStore{Events: &eventstore.Memory{}}}
}

func (r *rig) env(start time.Time) *testsuite.TestWorkflowEnvironment {
	env := workflowtest.NewEnv(start, WorkflowName, Workflow, &Activities{Source: r.source, Store: r.store, Notifier: r.notifier})
	env.RegisterWorkflowWithOptions(ScheduledWorkflow, workflow.RegisterOptions{Name: ScheduledWorkflowName})
	return env
}

var closedAt = time.Date(2026, 12, 1, 0, 0, 5, 0, time.UTC)

func TestCloseStoresApprovesAndNotifies(t *testing.T) {
	r := newRig()
	got := workflowtest.Run[Result](t, r.env(closedAt), WorkflowName, Input{Period: "2026-11"})
	if diff := cmp.Diff(Result{Period: "2026-11", Created: true, Awards: 2, Approvals: 1, Notified: 2}, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	st, err := r.store.Stored(context.Background(), "2026-11")
	if err != nil || st == nil {
		t.Fatalf("stored: %v, %v", st, err)
	}
	want := &incentive.Approval{Status: policy.NeedsApproval, Levels: []string{"manager"}, Reasons: []string{"payout of incentive_payout"}}
	if diff := cmp.Diff(want, st.Scorecard.Outcome.Awards[1].Approval); diff != "" {
		t.Errorf("stored approval (-want +got):\n%s", diff)
	}
	if st.ConfigVersion != "v1" || st.ClosedBy == "" {
		t.Errorf("stored version %q by %q", st.ConfigVersion, st.ClosedBy)
	}
	slices.Sort(r.notifier.told)
	if diff := cmp.Diff([]string{"2026-11 agent:kim", "2026-11 team:care"}, r.notifier.told); diff != "" {
		t.Errorf("told (-want +got):\n%s", diff)
	}
}

// TestCloseAgainChangesNothing runs the close of a period twice (two
// runs, as a rerun under another id would): the second finds the stored
// scorecard, builds nothing, stores nothing and tells nobody.
func TestCloseAgainChangesNothing(t *testing.T) {
	r := newRig()
	workflowtest.Run[Result](t, r.env(closedAt), WorkflowName, Input{Period: "2026-11"})
	first, _ := r.store.Stored(context.Background(), "2026-11")
	env := r.env(closedAt.Add(time.Hour))
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: WorkflowID("2026-11") + "-rerun"})
	got := workflowtest.Run[Result](t, env, WorkflowName, Input{Period: "2026-11"})
	if diff := cmp.Diff(Result{Period: "2026-11", Awards: 2, Approvals: 1}, got); diff != "" {
		t.Errorf("second result (-want +got):\n%s", diff)
	}
	second, _ := r.store.Stored(context.Background(), "2026-11")
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("stored scorecard changed (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2026-11"}, r.source.builds); diff != "" {
		t.Errorf("builds (-want +got):\n%s", diff)
	}
	if len(r.notifier.told) != 2 {
		t.Errorf("told %v, want the first close's two", r.notifier.told)
	}
	all, err := r.store.List(context.Background())
	if err != nil || len(all) != 1 {
		t.Errorf("list: %d scorecards, %v", len(all), err)
	}
}

// TestPutKeepsTheFirst stores two scorecards of a period: the first stays.
func TestPutKeepsTheFirst(t *testing.T) {
	s := EventStore{Events: &eventstore.Memory{}}
	ctx := context.Background()
	first := Stored{Scorecard: escorecard.Scorecard{Period: "2026-11", Center: "first"}, ComputedAt: closedAt, ConfigVersion: "v1", ClosedBy: "run-1"}
	second := first
	second.Scorecard.Center, second.ClosedBy = "second", "run-2"
	for _, st := range []Stored{first, second} {
		got, err := s.Put(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClosedBy != "run-1" || got.Scorecard.Center != "first" {
			t.Errorf("put %s: stored %s by %s, want the first", st.ClosedBy, got.Scorecard.Center, got.ClosedBy)
		}
	}
}

// TestScheduledClosesThePeriodThatEnded starts the scheduled close at the
// end of October in New York, the night DST ends (00:00 EDT is 04:00
// UTC): the period one second before is October there, while in UTC it
// would already be November.
func TestScheduledClosesThePeriodThatEnded(t *testing.T) {
	r := newRig()
	start := time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC)
	got := workflowtest.Run[Result](t, r.env(start), ScheduledWorkflowName, ScheduledInput{Kind: string(kpi.Month), TimeZone: "America/New_York"})
	if diff := cmp.Diff(Result{Period: "2026-10", Created: true, Awards: 2, Approvals: 1, Notified: 2}, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2026-10"}, r.source.builds); diff != "" {
		t.Errorf("builds (-want +got):\n%s", diff)
	}
}

func TestResolvePeriod(t *testing.T) {
	a := &Activities{}
	for _, tc := range []struct {
		name, kind, zone string
		nominal          time.Time
		want             string
	}{
		{"month in New York, DST night", "month", "America/New_York", time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), "2026-10"},
		{"month in Berlin, after the October DST change", "month", "Europe/Berlin", time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC), "2026-10"},
		{"day in Berlin", "day", "Europe/Berlin", time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC), "2026-11-23"},
		{"ISO week, Monday 00:00 Berlin", "week", "Europe/Berlin", time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC), "2026-W48"},
		{"quarter in UTC", "quarter", "UTC", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "2026-Q4"},
		{"triggered mid-month: the month before", "month", "Europe/Berlin", time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC), "2026-11"},
		{"a second after the end", "month", "Europe/Berlin", time.Date(2026, 11, 30, 23, 0, 1, 0, time.UTC), "2026-11"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.ResolvePeriod(context.Background(), ScheduledInput{Kind: tc.kind, TimeZone: tc.zone}, tc.nominal)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("period %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := a.ResolvePeriod(context.Background(), ScheduledInput{Kind: "fortnight", TimeZone: "UTC"}, closedAt); err == nil {
		t.Error("a fortnight resolved")
	}
}

func TestBadPeriodFails(t *testing.T) {
	r := newRig()
	env := r.env(closedAt)
	env.ExecuteWorkflow(WorkflowName, Input{Period: "november"})
	var appErr *temporal.ApplicationError
	if err := env.GetWorkflowError(); !errors.As(err, &appErr) || appErr.Type() != event.ErrBadInput {
		t.Fatalf("workflow error %v, want a bad input", err)
	}
	if len(r.source.builds) != 0 {
		t.Errorf("built %v", r.source.builds)
	}
}

// TestComputeRetriedAfterACrash runs Compute twice for one workflow run,
// as Temporal does when the worker died after the store and before the
// answer: the retry finds its own run's scorecard, builds nothing again
// and still says Created, so that the workflow goes on to notify.
func TestComputeRetriedAfterACrash(t *testing.T) {
	r := newRig()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	a := &Activities{Source: r.source, Store: r.store, Notifier: r.notifier}
	env.RegisterActivity(a)
	for attempt := 1; attempt <= 2; attempt++ {
		val, err := env.ExecuteActivity(a.Compute, Input{Period: "2026-11"})
		if err != nil {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		var got Computed
		if err = val.Get(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Created || len(got.Awards) != 2 {
			t.Errorf("attempt %d: created %v with %d awards, want created with 2", attempt, got.Created, len(got.Awards))
		}
	}
	if diff := cmp.Diff([]string{"2026-11"}, r.source.builds); diff != "" {
		t.Errorf("builds (-want +got):\n%s", diff)
	}
}
