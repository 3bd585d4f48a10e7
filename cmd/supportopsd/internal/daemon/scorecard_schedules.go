package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/supportops/supportops/engine/kpi"
	"github.com/supportops/supportops/engine/model"
	scorecardwf "github.com/supportops/supportops/workflows/scorecard"
)

// A period kind in use has a Temporal Schedule with the id
// closeSchedulePrefix + kind. syncCloseSchedules owns every schedule whose
// id starts with the prefix, and no other.
const closeSchedulePrefix = "scorecard-schedule/"

// The policies of a period close's schedule. Every period must close: a
// close missed while the server was down runs when it is back, up to
// closeCatchupWindow late, and one still running when the next is due
// lets the next wait.
const (
	closeOverlap       = enumspb.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL
	closeCatchupWindow = 7 * 24 * time.Hour
	// closeScheduleFormat is part of the content hash: changing how a
	// schedule is written here bumps it, so the next sync updates them.
	closeScheduleFormat = 1
	// closeManagedBy, in the schedule's memo, says who made it.
	closeManagedBy = "supportopsd period close"
)

// closeScheduleReport says what syncCloseSchedules did, by period kind.
type closeScheduleReport struct {
	Created, Updated, Deleted, Unchanged []string
}

// kindsInUse are the period kinds of cfg's KPIs and incentives, in the
// order of kpi's kinds.
func kindsInUse(cfg *model.Config) []kpi.Kind {
	used := map[string]bool{}
	for _, k := range cfg.KPIs {
		used[k.Period] = true
	}
	for _, in := range cfg.Incentives {
		used[in.Period] = true
	}
	var out []kpi.Kind
	for _, k := range []kpi.Kind{kpi.Day, kpi.Week, kpi.Month, kpi.Quarter, kpi.Year} {
		if used[string(k)] {
			out = append(out, k)
		}
	}
	return out
}

// closeCalendar is when a period of kind k ends, as a schedule's calendar
// (in the schedule's time zone): every day at 00:00, ISO weeks on Monday
// 00:00, months on the 1st at 00:00, quarters on the 1st of January,
// April, July and October, years on the 1st of January.
func closeCalendar(k kpi.Kind) client.ScheduleCalendarSpec {
	first := []client.ScheduleRange{{Start: 1}}
	switch k {
	case kpi.Week:
		return client.ScheduleCalendarSpec{DayOfWeek: []client.ScheduleRange{{Start: 1}}}
	case kpi.Month:
		return client.ScheduleCalendarSpec{DayOfMonth: first}
	case kpi.Quarter:
		return client.ScheduleCalendarSpec{DayOfMonth: first, Month: []client.ScheduleRange{{Start: 1, End: 10, Step: 3}}}
	case kpi.Year:
		return client.ScheduleCalendarSpec{DayOfMonth: first, Month: first}
	}
	return client.ScheduleCalendarSpec{} // a day: 00:00:00 every day
}

// closeSchedule is the schedule a period kind should have.
type closeSchedule struct {
	input scorecardwf.ScheduledInput
	spec  client.ScheduleSpec
	hash  string
}

func newCloseSchedule(k kpi.Kind, zone string) (closeSchedule, error) {
	s := closeSchedule{
		input: scorecardwf.ScheduledInput{Kind: string(k), TimeZone: zone},
		spec:  client.ScheduleSpec{Calendars: []client.ScheduleCalendarSpec{closeCalendar(k)}, TimeZoneName: zone},
	}
	content, err := json.Marshal(struct {
		Format int                        `json:"format"`
		Input  scorecardwf.ScheduledInput `json:"input"`
		Spec   client.ScheduleSpec        `json:"spec"`
	}{closeScheduleFormat, s.input, s.spec})
	if err != nil {
		return s, fmt.Errorf("encode the close schedule of %s: %w", k, err)
	}
	sum := sha256.Sum256(content)
	s.hash = hex.EncodeToString(sum[:])
	return s, nil
}

func (s closeSchedule) id() string { return closeSchedulePrefix + s.input.Kind }

func (s closeSchedule) action() *client.ScheduleWorkflowAction {
	return &client.ScheduleWorkflowAction{
		ID: "scorecard-scheduled-" + s.input.Kind, Workflow: scorecardwf.ScheduledWorkflowName, TaskQueue: scorecardwf.TaskQueue,
		Args: []any{s.input}, Memo: map[string]any{memoContentHash: s.hash, memoTimeZone: s.input.TimeZone},
		StaticSummary: fmt.Sprintf("Close of each %s (%s)", s.input.Kind, s.input.TimeZone),
	}
}

// syncCloseSchedules makes the Temporal Schedules of the period close
// match cfg: one per period kind its KPIs and incentives use, firing at
// each period's end in the center's time zone, created when missing and
// updated when its kind, zone or format changed (a hash of them is in the
// action's memo), keeping a pause an operator set; a schedule with the
// prefix whose kind is no longer used is deleted. Running it again
// changes nothing.
func syncCloseSchedules(ctx context.Context, c client.Client, cfg *model.Config) (closeScheduleReport, error) {
	var rep closeScheduleReport
	if cfg == nil {
		return rep, errors.New("sync the close schedules: no configuration")
	}
	sc := c.ScheduleClient()
	var errs []error
	wanted := map[string]bool{}
	for _, k := range kindsInUse(cfg) {
		want, err := newCloseSchedule(k, cfg.Center.Timezone)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		wanted[want.id()] = true
		outcome, err := syncCloseSchedule(ctx, sc, want)
		switch {
		case err != nil:
			errs = append(errs, err)
		case outcome == scheduleCreated:
			rep.Created = append(rep.Created, string(k))
		case outcome == scheduleUpdated:
			rep.Updated = append(rep.Updated, string(k))
		default:
			rep.Unchanged = append(rep.Unchanged, string(k))
		}
	}
	it, err := sc.List(ctx, client.ScheduleListOptions{PageSize: 200})
	if err != nil {
		errs = append(errs, fmt.Errorf("list the schedules: %w", err))
	}
	var stale []string
	for err == nil && it.HasNext() {
		e, nerr := it.Next()
		if nerr != nil {
			errs = append(errs, fmt.Errorf("list the schedules: %w", nerr))
			break
		}
		if strings.HasPrefix(e.ID, closeSchedulePrefix) && !wanted[e.ID] {
			stale = append(stale, e.ID)
		}
	}
	slices.Sort(stale)
	for _, id := range slices.Compact(stale) {
		derr := sc.GetHandle(ctx, id).Delete(ctx)
		var missing *serviceerror.NotFound
		switch {
		case errors.As(derr, &missing):
		case derr != nil:
			errs = append(errs, fmt.Errorf("delete close schedule %s: %w", id, derr))
		default:
			rep.Deleted = append(rep.Deleted, strings.TrimPrefix(id, closeSchedulePrefix))
		}
	}
	if len(errs) > 0 {
		return rep, fmt.Errorf("sync the close schedules: %w", errors.Join(errs...))
	}
	return rep, nil
}

// syncCloseSchedule creates or updates the schedule of one period kind.
func syncCloseSchedule(ctx context.Context, sc client.ScheduleClient, want closeSchedule) (scheduleOutcome, error) {
	h := sc.GetHandle(ctx, want.id())
	desc, err := h.Describe(ctx)
	var missing *serviceerror.NotFound
	switch {
	case errors.As(err, &missing):
		spec := want.spec
		_, err = sc.Create(ctx, client.ScheduleOptions{
			ID: want.id(), Spec: spec, Action: want.action(), Overlap: closeOverlap, CatchupWindow: closeCatchupWindow,
			Memo: map[string]any{memoManagedBy: closeManagedBy},
		})
		if err != nil {
			return 0, fmt.Errorf("create close schedule %s: %w", want.id(), err)
		}
		return scheduleCreated, nil
	case err != nil:
		return 0, fmt.Errorf("describe close schedule %s: %w", want.id(), err)
	}
	if a, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction); ok && a.Workflow == scorecardwf.ScheduledWorkflowName &&
		memoString(a.Memo, memoContentHash) == want.hash {
		return scheduleUnchanged, nil
	}
	err = h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
		s := in.Description.Schedule // keeps the state: paused or not, and the note
		spec := want.spec
		s.Spec = &spec
		s.Action = want.action()
		policy := client.SchedulePolicies{}
		if s.Policy != nil {
			policy = *s.Policy
		}
		policy.Overlap, policy.CatchupWindow = closeOverlap, closeCatchupWindow
		s.Policy = &policy
		return &client.ScheduleUpdate{Schedule: &s}, nil
	}})
	if err != nil {
		return 0, fmt.Errorf("update close schedule %s: %w", want.id(), err)
	}
	return scheduleUpdated, nil
}
