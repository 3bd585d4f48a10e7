package daemon

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/embedded"
	"github.com/supportops/supportops/engine/config"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/internal/testutil/configtest"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// drillInputs builds drill inputs for the plans of snap, as the daemon's
// drill API does: the compiled plan, in drill mode.
func drillInputs(snap *config.Snapshot) func(string) (any, error) {
	return func(plan string) (any, error) {
		p, err := edrill.Compile(plan, snap.Config.EmergencyPlans[plan])
		if err != nil {
			return nil, err
		}
		return drillwf.Input{Plan: *p, Mode: edrill.ModeDrill, Owner: "scheduler"}, nil
	}
}

// withPlans is snap with its emergency plans edited.
func withPlans(snap *config.Snapshot, edit func(plans map[string]model.EmergencyPlan)) *config.Snapshot {
	cfg := *snap.Config
	cfg.EmergencyPlans = maps.Clone(snap.Config.EmergencyPlans)
	edit(cfg.EmergencyPlans)
	return &config.Snapshot{Config: &cfg, Root: snap.Root}
}

// setCadence sets the drill cadence of plan id.
func setCadence(plans map[string]model.EmergencyPlan, id, cadence string) {
	p := plans[id]
	d := *p.Drill
	d.Cadence = cadence
	p.Drill = &d
	plans[id] = p
}

// waitListed waits until the schedule list (eventually consistent) shows
// the schedule id.
func waitListed(ctx context.Context, t *testing.T, sc client.ScheduleClient, id string) {
	t.Helper()
	for {
		ids, err := listDrillSchedules(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ids, id) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("schedule %s never listed (listed: %v)", id, ids)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// scheduleView is what the test checks of a drill schedule.
type scheduleView struct {
	Workflow, TaskQueue, WorkflowID string
	TimeZone                        string
	Memo                            map[string]string
	InputPlan                       string
	Paused                          bool
	// Next are the next three times Temporal will start a drill.
	Next []time.Time
}

func describeSchedule(ctx context.Context, t *testing.T, sc client.ScheduleClient, id string) scheduleView {
	t.Helper()
	desc, err := sc.GetHandle(ctx, id).Describe(ctx)
	if err != nil {
		t.Fatalf("describe %s: %v", id, err)
	}
	a, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok {
		t.Fatalf("schedule %s starts a %T", id, desc.Schedule.Action)
	}
	v := scheduleView{Workflow: a.Workflow.(string), TaskQueue: a.TaskQueue, WorkflowID: a.ID, TimeZone: desc.Schedule.Spec.TimeZoneName,
		Memo: map[string]string{}, Paused: desc.Schedule.State.Paused}
	for k := range a.Memo {
		v.Memo[k] = memoString(a.Memo, k)
	}
	if len(a.Args) != 1 {
		t.Fatalf("schedule %s: %d arguments, want the drill input", id, len(a.Args))
	}
	var in drillwf.Input
	if err = converter.GetDefaultDataConverter().FromPayload(a.Args[0].(*commonpb.Payload), &in); err != nil {
		t.Fatalf("schedule %s: decode the drill input: %v", id, err)
	}
	v.InputPlan = in.Plan.ID
	if len(desc.Info.NextActionTimes) < 3 {
		t.Fatalf("schedule %s: next action times %v, want at least three", id, desc.Info.NextActionTimes)
	}
	v.Next = desc.Info.NextActionTimes[:3]
	return v
}

// nextThree are the next three times c fires after now.
func nextThree(t *testing.T, c edrill.Cadence, now time.Time) []time.Time {
	t.Helper()
	var out []time.Time
	for range 3 {
		next, err := c.Next(now)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, next.UTC())
		now = next
	}
	return out
}

// TestSyncSchedules syncs the drill schedules of the example with the
// embedded server: created with the cadences Temporal reads as
// engine/drill does, unchanged on a second sync, updated (keeping a pause)
// and deleted as plans change and go, foreign schedules untouched, and a
// broken plan keeping its schedule.
func TestSyncSchedules(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	_, c := embeddedClient(ctx, t, embedded.Options{DataDir: t.TempDir()})
	sc := c.ScheduleClient()
	snap := configtest.Load(t, example)

	// Schedules sync does not own, one with a look-alike id.
	foreign := []client.ScheduleOptions{
		{ID: "nightly-export", Spec: client.ScheduleSpec{CronExpressions: []string{"0 3 * * *"}},
			Action: &client.ScheduleWorkflowAction{ID: "export", Workflow: "Export", TaskQueue: "elsewhere"}, Paused: true},
		{ID: "drill-schedule-legacy", Spec: client.ScheduleSpec{CronExpressions: []string{"0 9 * * MON"}},
			Action: &client.ScheduleWorkflowAction{ID: "legacy", Workflow: "Legacy", TaskQueue: "elsewhere"}, Paused: true},
	}
	for _, o := range foreign {
		if _, err := sc.Create(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	equate := cmpopts.EquateEmpty()
	doSync := func(s *config.Snapshot, version string) apiv1.ScheduleReport {
		t.Helper()
		r, serr := syncSchedules(ctx, c, s, scheduleSyncOptions{Input: drillInputs(s), Version: version})
		if serr != nil {
			t.Fatalf("sync version %s: %v", version, serr)
		}
		return r
	}

	// 1. The example's three plans.
	all := []string{"outage-major", "public-complaint", "public-emergency"}
	got := doSync(snap, "v1")
	if diff := cmp.Diff(apiv1.ScheduleReport{Created: all}, got, equate, cmpopts.IgnoreFields(apiv1.ScheduleReport{}, "Cadences")); diff != "" {
		t.Errorf("first sync creates a schedule per plan (-want +got):\n%s", diff)
	}
	cadences, err := edrill.Cadences(snap.Config)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cadences, got.Cadences); diff != "" {
		t.Errorf("the report's cadences (-want +got):\n%s", diff)
	}
	now := time.Now()
	crons := map[string]string{
		"outage-major":     "0 10 15 1,4,7,10 *", // quarterly
		"public-complaint": "0 10 15 * *",        // monthly
		"public-emergency": "0 9 15 3,9 *",       // as the plan writes it
	}
	for _, cad := range cadences {
		want := scheduleView{
			Workflow: drillwf.WorkflowName, TaskQueue: drillwf.TaskQueue, WorkflowID: "drill/scheduled-" + cad.Plan, TimeZone: "Europe/Berlin",
			Memo: map[string]string{memoPlan: cad.Plan, memoConfigVersion: "v1", memoCron: crons[cad.Plan], memoTimeZone: "Europe/Berlin"},
			// Temporal reads the cron expression as engine/drill does.
			InputPlan: cad.Plan, Next: nextThree(t, cad, now),
		}
		gotView := describeSchedule(ctx, t, sc, drillScheduleID(cad.Plan))
		if diff := cmp.Diff(want, gotView, cmpopts.IgnoreMapEntries(func(k, _ string) bool { return k == memoContentHash }),
			cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("schedule of %s (-want +got):\n%s", cad.Plan, diff)
		}
	}

	// 2. Again: nothing to do.
	if diff := cmp.Diff(apiv1.ScheduleReport{Unchanged: all}, doSync(snap, "v1"), equate, cmpopts.IgnoreFields(apiv1.ScheduleReport{}, "Cadences")); diff != "" {
		t.Errorf("second sync (-want +got):\n%s", diff)
	}

	// 3. outage-major drills weekly now, and an operator paused it;
	// public-complaint stops drilling.
	if err = sc.GetHandle(ctx, drillScheduleID("outage-major")).Pause(ctx, client.SchedulePauseOptions{Note: "bridge maintenance"}); err != nil {
		t.Fatal(err)
	}
	v2 := withPlans(snap, func(plans map[string]model.EmergencyPlan) {
		setCadence(plans, "outage-major", "weekly")
		p := plans["public-complaint"]
		p.Drill = nil
		plans["public-complaint"] = p
	})
	want3 := apiv1.ScheduleReport{Updated: []string{"outage-major"}, Deleted: []string{"public-complaint"}, Unchanged: []string{"public-emergency"}}
	if diff := cmp.Diff(want3, doSync(v2, "v2"), equate, cmpopts.IgnoreFields(apiv1.ScheduleReport{}, "Cadences")); diff != "" {
		t.Errorf("sync after a cadence change and a plan without drills (-want +got):\n%s", diff)
	}
	weekly, err := edrill.ParseCadence("outage-major", "weekly", "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	outage := describeSchedule(ctx, t, sc, drillScheduleID("outage-major"))
	wantMemo := map[string]string{memoPlan: "outage-major", memoConfigVersion: "v2", memoCron: "0 10 * * TUE", memoTimeZone: "Europe/Berlin"}
	if diff := cmp.Diff(wantMemo, outage.Memo, cmpopts.IgnoreMapEntries(func(k, _ string) bool { return k == memoContentHash })); diff != "" {
		t.Errorf("memo of the updated schedule (-want +got):\n%s", diff)
	}
	if !outage.Paused {
		t.Error("the update lifted the operator's pause")
	}
	if next := nextThree(t, weekly, time.Now()); !cmp.Equal(next, outage.Next, cmpopts.EquateApproxTime(0)) {
		t.Errorf("next drills of outage-major: %v, want Tuesdays at 10:00 %v", outage.Next, next)
	}
	if _, err = sc.GetHandle(ctx, drillScheduleID("public-complaint")).Describe(ctx); !isNotFound(err) {
		t.Errorf("public-complaint's schedule: %v, want it deleted", err)
	}

	// 4. public-emergency is gone from the configuration: only the list
	// finds its schedule. outage-major changes a step, not its cadence.
	waitListed(ctx, t, sc, drillScheduleID("public-emergency"))
	v3 := withPlans(v2, func(plans map[string]model.EmergencyPlan) {
		delete(plans, "public-emergency")
		p := plans["outage-major"]
		p.Steps = slices.Clone(p.Steps)
		p.Steps[0].Title = "Declare the incident"
		plans["outage-major"] = p
	})
	want4 := apiv1.ScheduleReport{Updated: []string{"outage-major"}, Deleted: []string{"public-emergency"}}
	if diff := cmp.Diff(want4, doSync(v3, "v3"), equate, cmpopts.IgnoreFields(apiv1.ScheduleReport{}, "Cadences")); diff != "" {
		t.Errorf("sync after a plan went and a step changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(apiv1.ScheduleReport{Unchanged: []string{"outage-major"}}, doSync(v3, "v3"), equate, cmpopts.IgnoreFields(apiv1.ScheduleReport{}, "Cadences")); diff != "" {
		t.Errorf("sync again, the list maybe still showing the deleted schedules (-want +got):\n%s", diff)
	}

	// 5. A broken cadence keeps the schedule it has; a plan whose input
	// cannot be built gets none; both are reported by plan.
	v4 := withPlans(v3, func(plans map[string]model.EmergencyPlan) {
		setCadence(plans, "outage-major", "0 25 * * *")
		plans["public-complaint"] = snap.Config.EmergencyPlans["public-complaint"]
	})
	failing := func(string) (any, error) { return nil, errors.New("no one on duty for comms-lead") }
	got, err = syncSchedules(ctx, c, v4, scheduleSyncOptions{Input: failing, Version: "v4"})
	for _, s := range []string{`plan outage-major ("0 25 * * *"): hour "25": 25 is not in 0-23`,
		"build the drill input of plan public-complaint: no one on duty for comms-lead"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("sync with a broken plan: error %v, want one saying %q", err, s)
		}
	}
	if diff := cmp.Diff(apiv1.ScheduleReport{}, got, equate); diff != "" {
		t.Errorf("sync with broken plans does nothing (-want +got):\n%s", diff)
	}
	if after := describeSchedule(ctx, t, sc, drillScheduleID("outage-major")); after.Memo[memoConfigVersion] != "v3" {
		t.Errorf("outage-major's schedule is from version %s, want v3 kept", after.Memo[memoConfigVersion])
	}

	// The foreign schedules are as they were.
	for _, o := range foreign {
		desc, derr := sc.GetHandle(ctx, o.ID).Describe(ctx)
		if derr != nil {
			t.Errorf("foreign schedule %s: %v", o.ID, derr)
			continue
		}
		a := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
		if !desc.Schedule.State.Paused || a.Workflow != o.Action.(*client.ScheduleWorkflowAction).Workflow || desc.Schedule.Spec.TimeZoneName != "" {
			t.Errorf("foreign schedule %s changed: %+v %+v", o.ID, desc.Schedule.State, a)
		}
	}
}

func isNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}

// TestScheduleSyncAPI syncs the example's drill cadences through the API:
// three schedules the first time, none changed the second; an agent may
// not. Each schedule starts a real drill of its plan with the roles filled
// and no id of its own, and records the daemon's configuration version.
func TestScheduleSyncAPI(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, example, dir)
	defer d.Stop(context.Background())
	newClient := clientsOf(t, d, dir)
	sup := newClient(policy.Principal{ID: "sabine-mueller", Roles: []string{"supervisor"}})
	agent := newClient(policy.Principal{ID: "jan-vogel", Roles: []string{"agent"}})
	plans := []string{"outage-major", "public-complaint", "public-emergency"}
	rep, err := sup.api().SyncSchedules(t.Context())
	if err != nil || !cmp.Equal(rep.Created, plans) {
		t.Fatalf("first sync: %+v %v, want %v created", rep, err, plans)
	}
	rep, err = sup.api().SyncSchedules(t.Context())
	if err != nil || !cmp.Equal(rep.Unchanged, plans) || rep.Changed() {
		t.Errorf("second sync: %+v %v, want every plan unchanged", rep, err)
	}
	_, err = agent.api().SyncSchedules(t.Context())
	if code, msg := refusal(err); code != http.StatusForbidden {
		t.Errorf("an agent syncs: %d %s, want 403", code, msg)
	}
	desc, err := d.client.ScheduleClient().GetHandle(t.Context(), drillScheduleID("outage-major")).Describe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	action, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok {
		t.Fatalf("action %T, want a workflow", desc.Schedule.Action)
	}
	var in drillwf.Input
	if err = converter.GetDefaultDataConverter().FromPayload(action.Args[0].(*commonpb.Payload), &in); err != nil {
		t.Fatal(err)
	}
	if in.ID != "" || in.Mode != edrill.ModeDrill || in.Simulation != nil || in.Speed != 1 || in.Assignments["incident-commander"] != "petra-lange" {
		t.Errorf("scheduled input: id %q mode %s simulation %v speed %v assignments %v; want no id, a real-time drill with the rota's commander",
			in.ID, in.Mode, in.Simulation, in.Speed, in.Assignments)
	}
	if version, _, _ := d.versions.Current(); memoString(action.Memo, memoConfigVersion) != version {
		t.Errorf("schedule memo %s %q, want %q, the daemon's configuration version", memoConfigVersion, memoString(action.Memo, memoConfigVersion), version)
	}
}
