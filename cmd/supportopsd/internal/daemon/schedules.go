package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/engine/config"
	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/model"
	drillwf "github.com/supportops/supportops/workflows/drill"
)

// A plan's recurring drills are a Temporal Schedule with the id
// drillSchedulePrefix + plan id. syncSchedules owns every schedule whose id
// starts with the prefix, and no other.
const drillSchedulePrefix = "drill-schedule/"

// Keys of the memo of a drill schedule's workflow action. The action's memo
// (not the schedule's, which Temporal does not let an update change)
// records what the schedule was last written from, and every drill the
// schedule starts carries it.
const (
	memoPlan          = "plan"
	memoConfigVersion = "config_version"
	memoContentHash   = "content_hash"
	memoCron          = "cron"
	memoTimeZone      = "time_zone"
	// memoManagedBy, in the schedule's own memo, says who made it.
	memoManagedBy = "managed_by"
)

// The policies of a drill schedule. A drill still running when the next
// is due skips the next one. A drill missed by more than an hour (the
// server was down at 10:00) is not started late: nobody should be paged
// for a rehearsal at 3 a.m. because the server came back then.
const (
	drillOverlap       = enumspb.SCHEDULE_OVERLAP_POLICY_SKIP
	drillCatchupWindow = time.Hour
	// scheduleFormat is part of the content hash: changing how a schedule
	// is written here (the policies, the action's id) bumps it, so that
	// the next sync updates every schedule.
	scheduleFormat = 1
)

// drillScheduleID is the id of the schedule of a plan's drills.
func drillScheduleID(plan string) string { return drillSchedulePrefix + plan }

// scheduledDrillWorkflowID is the workflow id of the schedule's action.
// Temporal appends the nominal time of each run ("-2027-01-15T09:00:00Z"),
// so the drill id of a scheduled run is "scheduled-<plan>-<time>".
func scheduledDrillWorkflowID(plan string) string { return drillwf.WorkflowID("scheduled-" + plan) }

// scheduleSyncOptions configure syncSchedules.
type scheduleSyncOptions struct {
	// Input builds the argument of the drill workflow a plan's schedule
	// starts: a workflows/drill.Input for the plan. Required. It must be a
	// function of the configuration only (no clock, no random run id):
	// sync stores a hash of its JSON and updates a schedule when the hash
	// changes, so an input that differs on every call defeats
	// idempotence. The drill id of a scheduled run comes from its
	// workflow id (see scheduledDrillWorkflowID), not from the input.
	Input func(plan string) (any, error)
	// Version is the configuration version (engine/bundle's, the one the
	// daemon runs) recorded with each schedule created or updated.
	// Required.
	Version string
}

// syncSchedules makes the Temporal Schedules match the drill cadences of
// the configuration snap:
//
//   - a plan with drill settings has a schedule "drill-schedule/<plan>"
//     that starts workflow drillwf.WorkflowName on drillwf.TaskQueue with
//     opts.Input(plan), at the plan's cadence in the center's time zone
//     (engine/drill.ParseCadence); it is created when missing, and updated
//     when its cadence, its plan or its input changed — a hash of them is
//     kept in the memo of the schedule's action — keeping a pause an
//     operator set;
//   - a schedule with the prefix whose plan no longer exists or has no
//     drill settings is deleted;
//   - other schedules are left alone.
//
// Running it again with the same configuration changes nothing (every plan
// is reported unchanged). A plan whose cadence or input is broken keeps
// the schedule it has; its error is returned, joined with the others',
// after every other plan was synced, with the report of what was done.
// Two syncs at once may race to create the same schedule (one then fails
// with temporal.ErrScheduleAlreadyRunning): the daemon runs one at a time.
//
// Wiring it (left to the daemon's drill API and the CLI):
//
//   - API: POST /v1/drills/schedules/sync, allowed to the drill
//     administrators (as starting a drill is). The handler takes the
//     current configuration (d.versions.Current()) and calls
//     syncSchedules(ctx, d.client, snap, scheduleSyncOptions{Input: ...,
//     Version: version}) with the function that builds a drill's input for
//     a plan of that snapshot (mode drill, roles from the on-duty data, no
//     simulation); it answers 200 with the apiv1.ScheduleReport as JSON,
//     or 500 with {"error": ..., "report": ...} when err is not nil (some
//     plans may have been synced). The daemon may also call it after Start and after
//     every successful Reload, logging the report.
//   - CLI: `supportops drill schedule sync [--output text|json]` posts to
//     it and prints the report: one line per plan and what happened to
//     its schedule, with the cron expression and time zone from Cadences;
//     exit 0 whether or not something changed, 2 on an error.
func syncSchedules(ctx context.Context, c client.Client, snap *config.Snapshot, opts scheduleSyncOptions) (apiv1.ScheduleReport, error) {
	report := apiv1.ScheduleReport{Created: []string{}, Updated: []string{}, Deleted: []string{}, Unchanged: []string{}, Cadences: []edrill.Cadence{}}
	if snap == nil || snap.Config == nil {
		return report, errors.New("sync the drill schedules: no configuration")
	}
	if opts.Input == nil {
		return report, errors.New("sync the drill schedules: no function building a drill's input")
	}
	if opts.Version == "" {
		return report, errors.New("sync the drill schedules: no configuration version")
	}
	version := opts.Version
	plans := snap.Config.EmergencyPlans
	cadences, err := edrill.Cadences(snap.Config)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	sc := c.ScheduleClient()
	for _, cad := range cadences {
		want, werr := newDrillSchedule(cad, plans[cad.Plan], version, opts.Input)
		if werr != nil {
			errs = append(errs, werr)
			continue
		}
		outcome, serr := syncSchedule(ctx, sc, want)
		if serr != nil {
			errs = append(errs, serr)
			continue
		}
		switch outcome {
		case scheduleCreated:
			report.Created = append(report.Created, cad.Plan)
		case scheduleUpdated:
			report.Updated = append(report.Updated, cad.Plan)
		default:
			report.Unchanged = append(report.Unchanged, cad.Plan)
		}
		report.Cadences = append(report.Cadences, cad)
	}

	// Candidates for deletion: the listed schedules with the prefix, and
	// those of the plans without drill settings, which are checked even if
	// the list (eventually consistent) does not show them yet.
	candidates, err := listDrillSchedules(ctx, sc)
	if err != nil {
		errs = append(errs, err)
	}
	for id, p := range plans {
		if p.Drill == nil {
			candidates = append(candidates, drillScheduleID(id))
		}
	}
	slices.Sort(candidates)
	for _, id := range slices.Compact(candidates) {
		plan := strings.TrimPrefix(id, drillSchedulePrefix)
		if p, ok := plans[plan]; ok && p.Drill != nil {
			continue // synced above, or kept because its cadence is broken
		}
		err = sc.GetHandle(ctx, id).Delete(ctx)
		var missing *serviceerror.NotFound
		switch {
		case errors.As(err, &missing): // deleted already; the list lags
		case err != nil:
			errs = append(errs, fmt.Errorf("delete drill schedule %s: %w", id, err))
		default:
			report.Deleted = append(report.Deleted, plan)
		}
	}
	for _, l := range [][]string{report.Created, report.Updated, report.Deleted, report.Unchanged} {
		slices.Sort(l)
	}
	if len(errs) > 0 {
		return report, fmt.Errorf("sync the drill schedules: %w", errors.Join(errs...))
	}
	return report, nil
}

// drillSchedule is the schedule a plan should have.
type drillSchedule struct {
	cadence edrill.Cadence
	input   any
	version string
	// hash identifies the cadence, the plan, the input and the format.
	hash string
}

func newDrillSchedule(cad edrill.Cadence, plan model.EmergencyPlan, version string, input func(string) (any, error)) (drillSchedule, error) {
	in, err := input(cad.Plan)
	if err != nil {
		return drillSchedule{}, fmt.Errorf("build the drill input of plan %s: %w", cad.Plan, err)
	}
	content, err := json.Marshal(struct {
		Format  int                 `json:"format"`
		Cadence edrill.Cadence      `json:"cadence"`
		Plan    model.EmergencyPlan `json:"plan"`
		Input   any                 `json:"input"`
	}{scheduleFormat, cad, plan, in})
	if err != nil {
		return drillSchedule{}, fmt.Errorf("encode the drill schedule of plan %s: %w", cad.Plan, err)
	}
	sum := sha256.Sum256(content)
	return drillSchedule{cadence: cad, input: in, version: version, hash: hex.EncodeToString(sum[:])}, nil
}

func (s drillSchedule) id() string { return drillScheduleID(s.cadence.Plan) }

func (s drillSchedule) spec() *client.ScheduleSpec {
	return &client.ScheduleSpec{CronExpressions: []string{s.cadence.Cron}, TimeZoneName: s.cadence.TimeZone}
}

func (s drillSchedule) action() *client.ScheduleWorkflowAction {
	return &client.ScheduleWorkflowAction{
		ID:        scheduledDrillWorkflowID(s.cadence.Plan),
		Workflow:  drillwf.WorkflowName,
		TaskQueue: drillwf.TaskQueue,
		Args:      []any{s.input},
		Memo: map[string]any{
			memoPlan: s.cadence.Plan, memoConfigVersion: s.version, memoContentHash: s.hash,
			memoCron: s.cadence.Cron, memoTimeZone: s.cadence.TimeZone,
		},
		StaticSummary: fmt.Sprintf("Scheduled drill of plan %s (%s)", s.cadence.Plan, s.cadence.Source),
	}
}

type scheduleOutcome int

const (
	scheduleUnchanged scheduleOutcome = iota
	scheduleCreated
	scheduleUpdated
)

// syncSchedule creates or updates the schedule of one plan.
func syncSchedule(ctx context.Context, sc client.ScheduleClient, want drillSchedule) (scheduleOutcome, error) {
	h := sc.GetHandle(ctx, want.id())
	desc, err := h.Describe(ctx)
	var missing *serviceerror.NotFound
	switch {
	case errors.As(err, &missing):
		_, err = sc.Create(ctx, client.ScheduleOptions{
			ID: want.id(), Spec: *want.spec(), Action: want.action(),
			Overlap: drillOverlap, CatchupWindow: drillCatchupWindow,
			Memo: map[string]any{memoPlan: want.cadence.Plan, memoManagedBy: "supportops drill schedule sync"},
		})
		if err != nil {
			return 0, fmt.Errorf("create drill schedule %s: %w", want.id(), err)
		}
		return scheduleCreated, nil
	case err != nil:
		return 0, fmt.Errorf("describe drill schedule %s: %w", want.id(), err)
	}
	if upToDate(desc, want) {
		return scheduleUnchanged, nil
	}
	err = h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
		s := in.Description.Schedule // keeps the state: paused or not, and the note
		s.Spec = want.spec()
		s.Action = want.action()
		policy := client.SchedulePolicies{}
		if s.Policy != nil {
			policy = *s.Policy
		}
		policy.Overlap, policy.CatchupWindow = drillOverlap, drillCatchupWindow
		s.Policy = &policy
		return &client.ScheduleUpdate{Schedule: &s}, nil
	}})
	if err != nil {
		return 0, fmt.Errorf("update drill schedule %s: %w", want.id(), err)
	}
	return scheduleUpdated, nil
}

// upToDate reports whether the schedule described was written from want:
// it starts the drill workflow with the content hash of want. A schedule
// changed by hand (in the Temporal UI) keeps the change until its plan
// changes.
func upToDate(desc *client.ScheduleDescription, want drillSchedule) bool {
	a, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok || a.Workflow != drillwf.WorkflowName || a.TaskQueue != drillwf.TaskQueue || a.ID != scheduledDrillWorkflowID(want.cadence.Plan) {
		return false
	}
	if desc.Schedule.Spec == nil || desc.Schedule.Spec.TimeZoneName != want.cadence.TimeZone {
		return false
	}
	return memoString(a.Memo, memoContentHash) == want.hash
}

// memoString decodes the string value of a memo as Describe returns it.
func memoString(memo map[string]any, key string) string {
	p, ok := memo[key].(*commonpb.Payload)
	if !ok {
		return ""
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &s); err != nil {
		return ""
	}
	return s
}

// listDrillSchedules lists the ids of the schedules with the drill prefix.
func listDrillSchedules(ctx context.Context, sc client.ScheduleClient) ([]string, error) {
	it, err := sc.List(ctx, client.ScheduleListOptions{PageSize: 200})
	if err != nil {
		return nil, fmt.Errorf("list the schedules: %w", err)
	}
	seen := map[string]bool{}
	for it.HasNext() {
		e, nerr := it.Next()
		if nerr != nil {
			return slices.Sorted(maps.Keys(seen)), fmt.Errorf("list the schedules: %w", nerr)
		}
		if strings.HasPrefix(e.ID, drillSchedulePrefix) {
			seen[e.ID] = true
		}
	}
	return slices.Sorted(maps.Keys(seen)), nil
}
