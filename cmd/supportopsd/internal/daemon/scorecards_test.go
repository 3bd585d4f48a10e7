package daemon

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/policy"
	scorecardwf "github.com/supportops/supportops/workflows/scorecard"
)

// TestScorecards runs measured performance on the embedded server: the
// history export and the KPI card of a few tickets, the close of their
// month on demand (refused before the month ends), the stored scorecard,
// a second close that changes nothing, and the schedules of the period
// kinds acme-shop uses.
func TestScorecards(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	ops := clientsOf(t, d, dir)(policy.Principal{ID: "ops", Roles: []string{"ops_admin"}})
	c := ops.api()
	ctx := t.Context()

	names := []string{"trainee-order-status", "vip-refund-complaint", "abusive-customer"}
	ids := map[string]bool{}
	for _, name := range names {
		ids[openTicket(t, ops, name)] = true
	}
	solve(t, ops, openTicket(t, ops, "full-capacity"))

	// The history: one record per ticket, oldest first.
	body, err := c.History(ctx, apiv1.HistoryQuery{})
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	records, err := history.Read("history.jsonl", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("read history: %v\n%s", err, body)
	}
	if len(records) != 4 {
		t.Fatalf("history: %d records, want 4:\n%s", len(records), body)
	}
	solved := 0
	for _, r := range records {
		if r.SolvedAt != nil {
			solved++
		}
	}
	if solved != 1 {
		t.Errorf("history: %d solved, want 1", solved)
	}
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if body, err = c.History(ctx, apiv1.HistoryQuery{Since: future}); err != nil || len(body) != 0 {
		t.Errorf("history since %s: %q, %v; want nothing", future, body, err)
	}

	// /metrics: each queue's open tickets, three of the four in all.
	open := 0.0
	queues := map[string]bool{}
	for _, r := range records {
		queues[r.Queue] = true
	}
	for q := range queues {
		open += metric(t, ops, metricOpen+`{queue="`+q+`"}`)
	}
	if open != 3 {
		t.Errorf("%s: %v in all, want 3", metricOpen, open)
	}

	// The KPI card of this month, in the center's zone.
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	month := kpi.PeriodOf(kpi.Month, records[0].CreatedAt, loc)
	card, err := c.KPIs(ctx, apiv1.KPIQuery{Period: month.String()})
	if err != nil {
		t.Fatalf("kpis: %v", err)
	}
	if card.Period != month.String() || len(card.Results) == 0 {
		t.Fatalf("kpis: period %s with %d results, want %s with some", card.Period, len(card.Results), month)
	}
	counted := false
	for _, r := range card.Results {
		counted = counted || r.Scope == "center" && r.Denominator > 0
	}
	if !counted {
		t.Errorf("kpis: no center result counts a ticket: %+v", card.Results)
	}
	if _, err = c.KPIs(ctx, apiv1.KPIQuery{Period: "november"}); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("kpis of november: %v, want 400", err)
	}

	// A month that has not ended is not closed.
	if _, err = c.ClosePeriod(ctx, month.String()); !isStatus(err, http.StatusBadRequest) {
		t.Fatalf("close %s before its end: %v, want 400", month, err)
	}
	d.reports.now = func() time.Time { return month.End.Add(time.Second) }
	closed, err := c.ClosePeriod(ctx, month.String())
	if err != nil {
		t.Fatalf("close %s: %v", month, err)
	}
	if !closed.Created || closed.Scorecard.Period != month.String() || closed.Scorecard.Results != len(card.Results) {
		t.Errorf("close: %+v, want created with %d results", closed, len(card.Results))
	}
	sc, err := c.Scorecard(ctx, month.String())
	if err != nil {
		t.Fatalf("scorecard: %v", err)
	}
	for i := range card.Results {
		card.Results[i].Direction = "" // GET /v1/kpis says it; the scorecard's KPIs do
	}
	if diff := cmp.Diff(card, sc.Card); diff != "" {
		t.Errorf("the stored card and GET /v1/kpis differ (-kpis +stored):\n%s", diff)
	}
	if sc.Center == "" || len(sc.KPIs) == 0 {
		t.Errorf("scorecard of %s: center %q, %d KPIs", sc.Center, sc.Period, len(sc.KPIs))
	}

	// Closing again changes nothing.
	again, err := c.ClosePeriod(ctx, month.String())
	if err != nil {
		t.Fatalf("close again: %v", err)
	}
	if again.Created || !again.Scorecard.ComputedAt.Equal(closed.Scorecard.ComputedAt) {
		t.Errorf("close again: %+v, want the first close's scorecard, not created", again)
	}
	sc2, err := c.Scorecard(ctx, month.String())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sc, sc2); diff != "" {
		t.Errorf("the stored scorecard changed (-first +second):\n%s", diff)
	}
	list, err := c.Scorecards(ctx)
	if err != nil || len(list.Scorecards) != 1 || list.Scorecards[0].Period != month.String() {
		t.Errorf("scorecards: %+v, %v; want %s alone", list, err, month)
	}
	if _, err = c.Scorecard(ctx, month.Prev().String()); !isStatus(err, http.StatusNotFound) {
		t.Errorf("scorecard of %s: %v, want 404", month.Prev(), err)
	}
	recordWorkflowHistory(t, d, scorecardwf.WorkflowID(month.String()), "../../../../workflows/scorecard/testdata/histories", "close-month")

	// acme-shop's KPIs and incentives are weekly, monthly and quarterly:
	// a schedule each, at each period's end in Berlin.
	for kind, want := range map[string]bool{"day": false, "week": true, "month": true, "quarter": true, "year": false} {
		desc, derr := d.client.ScheduleClient().GetHandle(ctx, closeSchedulePrefix+kind).Describe(ctx)
		if (derr == nil) != want {
			t.Errorf("schedule of %s: %v, want it %v", kind, derr, want)
			continue
		}
		if want && desc.Schedule.Spec.TimeZoneName != "Europe/Berlin" {
			t.Errorf("schedule of %s in %q", kind, desc.Schedule.Spec.TimeZoneName)
		}
	}
	rep, err := syncCloseSchedules(ctx, d.client, d.versions.Model())
	if err != nil || len(rep.Unchanged) != 3 || len(rep.Created)+len(rep.Updated)+len(rep.Deleted) != 0 {
		t.Errorf("sync again: %+v, %v; want the three unchanged", rep, err)
	}

	// The month's schedule, triggered now, closes the last month that
	// ended as a child under its period's id; triggered again, the child
	// is a duplicate and nothing more is stored.
	ended := kpi.PeriodOf(kpi.Month, time.Now(), loc).Prev()
	h := d.client.ScheduleClient().GetHandle(ctx, closeSchedulePrefix+"month")
	for i, created := range []bool{true, false} {
		res, id := triggerClose(t, d.client, h, i+1)
		if diff := cmp.Diff(scorecardwf.Result{Period: ended.String(), Created: created}, res); diff != "" {
			t.Errorf("scheduled close %d (-want +got):\n%s", i+1, diff)
		}
		if i == 0 {
			recordWorkflowHistory(t, d, id, "../../../../workflows/scorecard/testdata/histories", "scheduled-close")
			recordWorkflowHistory(t, d, scorecardwf.WorkflowID(ended.String()), "../../../../workflows/scorecard/testdata/histories", "close-by-schedule")
		}
		time.Sleep(time.Second) // a trigger's workflow id ends in its second
	}
	if list, err = c.Scorecards(ctx); err != nil || len(list.Scorecards) != 2 {
		t.Errorf("scorecards after the scheduled closes: %+v, %v; want %s and %s", list, err, month, ended)
	}
}

// triggerClose triggers a close schedule and waits for the n-th action it
// started to end: its result and workflow id.
func triggerClose(t *testing.T, c client.Client, h client.ScheduleHandle, n int) (scorecardwf.Result, string) {
	t.Helper()
	ctx := t.Context()
	if err := h.Trigger(ctx, client.ScheduleTriggerOptions{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL}); err != nil {
		t.Fatalf("trigger: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		desc, err := h.Describe(ctx)
		if err != nil {
			t.Fatalf("describe the schedule: %v", err)
		}
		if acts := desc.Info.RecentActions; len(acts) >= n {
			id := acts[n-1].StartWorkflowResult.WorkflowID
			var res scorecardwf.Result
			if err = c.GetWorkflow(ctx, id, "").Get(ctx, &res); err != nil {
				t.Fatalf("scheduled close %s: %v", id, err)
			}
			return res, id
		}
		if time.Now().After(deadline) {
			t.Fatalf("the schedule started %d actions, want %d", len(desc.Info.RecentActions), n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
