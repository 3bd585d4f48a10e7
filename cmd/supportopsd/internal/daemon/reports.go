package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/apiv1"
	"github.com/supportops/supportops/cmd/supportopsd/internal/api"
	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/eventstore"
	"github.com/supportops/supportops/engine/history"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	escorecard "github.com/supportops/supportops/engine/scorecard"
	scorecardwf "github.com/supportops/supportops/workflows/scorecard"
)

var (
	_ api.Reports          = (*reports)(nil)
	_ scorecardwf.Source   = closeSource{}
	_ scorecardwf.Notifier = awardNotifier{}
)

// reports computes the ticket history, the KPIs and the scorecards from
// the event store; it implements api.Reports, and scorecardwf.Source for
// the period close. Periods are cut in the center's time zone of the
// configuration computed with.
type reports struct {
	c        client.Client
	events   eventstore.Store
	versions *snapshots
	// now is the clock that says whether a period has ended.
	now func() time.Time
}

// History implements api.Reports: the events since since (a ticket's
// events all come after its opening) folded into records, cut to the
// tickets created in [since, until).
func (r *reports) History(ctx context.Context, since, until time.Time) ([]history.Record, error) {
	evs, err := r.events.List(ctx, eventstore.Filter{Since: since, IncludeDrill: true})
	if err != nil {
		return nil, fmt.Errorf("read the events: %w", err)
	}
	// The stored scorecards are no ticket's: leave their (large) data
	// unread.
	evs = slices.DeleteFunc(evs, func(e eventstore.Event) bool { return e.Type == event.ScorecardStored })
	records := history.Fold(evs)
	out := records[:0]
	for _, rec := range records {
		if until.IsZero() || rec.CreatedAt.Before(until) {
			out = append(out, rec)
		}
	}
	return out, nil
}

// tally folds every recorded event into the KPI tally and the incentive
// counter of snap's configuration. KPIs leave drill tickets out; the
// counter counts drill participation.
func (r *reports) tally(ctx context.Context, snap *config.Snapshot) (*kpi.Tally, *incentive.Counter, error) {
	t, err := kpi.New(snap.Config)
	if err != nil {
		return nil, nil, err
	}
	c, err := incentive.NewCounter(snap.Config)
	if err != nil {
		return nil, nil, err
	}
	records, err := r.History(ctx, time.Time{}, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	for i := range records {
		t.Add(&records[i])
		c.Add(&records[i])
	}
	return t, c, nil
}

// period parses a period in the center's time zone of snap; a period that
// does not parse is a *api.RejectedError.
func period(snap *config.Snapshot, name string) (kpi.Period, error) {
	loc, err := time.LoadLocation(snap.Config.Center.Timezone)
	if err != nil {
		return kpi.Period{}, fmt.Errorf("load the center's time zone: %w", err)
	}
	p, err := kpi.ParsePeriod(name, loc)
	if err != nil {
		return kpi.Period{}, &api.RejectedError{Reason: err.Error()}
	}
	return p, nil
}

// KPIs implements api.Reports for the running configuration; without a
// period, the last complete month.
func (r *reports) KPIs(ctx context.Context, name string) (apiv1.KPICard, error) {
	_, snap, _ := r.versions.Current()
	t, _, err := r.tally(ctx, snap)
	if err != nil {
		return apiv1.KPICard{}, err
	}
	var p kpi.Period
	if name == "" {
		loc, lerr := time.LoadLocation(snap.Config.Center.Timezone)
		if lerr != nil {
			return apiv1.KPICard{}, fmt.Errorf("load the center's time zone: %w", lerr)
		}
		p = kpi.PeriodOf(kpi.Month, r.now(), loc).Prev()
	} else if p, err = period(snap, name); err != nil {
		return apiv1.KPICard{}, err
	}
	card := t.Card(p)
	out, err := wire[apiv1.KPICard](card)
	for i := range out.Results {
		out.Results[i].Direction = card.Results[i].Direction
	}
	return out, err
}

// closeSource is the period close's scorecardwf.Source.
type closeSource struct{ r *reports }

// Scorecard implements scorecardwf.Source: the scorecard of period with
// configuration version ("" for the running one).
func (s closeSource) Scorecard(ctx context.Context, name, version string) (escorecard.Scorecard, string, error) {
	r := s.r
	snap, _, version, err := r.version(ctx, version)
	if err != nil {
		return escorecard.Scorecard{}, "", err
	}
	p, err := period(snap, name)
	var rej *api.RejectedError
	if errors.As(err, &rej) {
		return escorecard.Scorecard{}, "", temporal.NewNonRetryableApplicationError(rej.Reason, event.ErrBadInput, nil)
	}
	if err != nil {
		return escorecard.Scorecard{}, "", err
	}
	t, c, err := r.tally(ctx, snap)
	if err != nil {
		return escorecard.Scorecard{}, "", err
	}
	return escorecard.Build(snap.Config, t, c, p), version, nil
}

// Approver implements scorecardwf.Source: the policies of version.
func (s closeSource) Approver(ctx context.Context, version string) (incentive.Approver, error) {
	_, eng, _, err := s.r.version(ctx, version)
	return eng, err
}

// version is configuration version id, or the running one for "".
func (r *reports) version(ctx context.Context, id string) (*config.Snapshot, incentive.Approver, string, error) {
	if id == "" {
		current, snap, eng := r.versions.Current()
		return snap, eng, current, nil
	}
	snap, eng, err := r.versions.Snapshot(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	return snap, eng, id, nil
}

// store is where the closed periods' scorecards are.
func (r *reports) store() scorecardwf.EventStore { return scorecardwf.EventStore{Events: r.events} }

// Scorecards implements api.Reports.
func (r *reports) Scorecards(ctx context.Context) ([]apiv1.ScorecardSummary, error) {
	all, err := r.store().List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]apiv1.ScorecardSummary, 0, len(all))
	for _, st := range all {
		out = append(out, summaryOf(st))
	}
	return out, nil
}

// summaryOf is a stored scorecard in the list of scorecards.
func summaryOf(st scorecardwf.Stored) apiv1.ScorecardSummary {
	return apiv1.ScorecardSummary{Period: st.Scorecard.Period, ComputedAt: st.ComputedAt, ConfigVersion: st.ConfigVersion,
		Results: len(st.Scorecard.Card.Results), Awards: len(st.Scorecard.Outcome.Awards), NearMisses: len(st.Scorecard.Outcome.NearMisses)}
}

// Scorecard implements api.Reports.
func (r *reports) Scorecard(ctx context.Context, name string) (apiv1.Scorecard, error) {
	st, err := r.store().Stored(ctx, name)
	if err != nil {
		return apiv1.Scorecard{}, err
	}
	if st == nil {
		return apiv1.Scorecard{}, api.ErrNotFound
	}
	return wire[apiv1.Scorecard](st.Scorecard)
}

// Close implements api.Reports: it starts the close of the period under
// its workflow id (a close that failed may run again; one that completed
// is a duplicate) and waits for it.
func (r *reports) Close(ctx context.Context, name string) (apiv1.Closed, error) {
	_, snap, _ := r.versions.Current()
	p, err := period(snap, name)
	if err != nil {
		return apiv1.Closed{}, err
	}
	if now := r.now(); p.End.After(now) {
		return apiv1.Closed{}, &api.RejectedError{Reason: fmt.Sprintf("close period %s: it has not ended (it ends %s)", p, p.End.Format(time.RFC3339))}
	}
	id := scorecardwf.WorkflowID(p.String())
	opts := client.StartWorkflowOptions{
		ID: id, TaskQueue: scorecardwf.TaskQueue,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
	}
	var res scorecardwf.Result
	run, err := r.c.ExecuteWorkflow(ctx, opts, scorecardwf.WorkflowName, scorecardwf.Input{Period: p.String()})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		// Closed or closing: wait for that run; this request created nothing.
		if err = r.c.GetWorkflow(ctx, id, "").Get(ctx, &res); err != nil {
			return apiv1.Closed{}, fmt.Errorf("wait for the close of %s: %w", p, err)
		}
		res.Created = false
	case err != nil:
		return apiv1.Closed{}, fmt.Errorf("start the close of %s: %w", p, err)
	default:
		if err = run.Get(ctx, &res); err != nil {
			return apiv1.Closed{}, fmt.Errorf("close %s: %w", p, err)
		}
	}
	st, err := r.store().Stored(ctx, p.String())
	if err != nil {
		return apiv1.Closed{}, err
	}
	if st == nil {
		return apiv1.Closed{}, fmt.Errorf("close %s: no scorecard stored", p)
	}
	return apiv1.Closed{Scorecard: summaryOf(*st), Created: res.Created}, nil
}

// wire converts an engine value into its apiv1 mirror by its JSON, the
// shape they share (TestWireShapes keeps them in step).
func wire[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, fmt.Errorf("encode %T: %w", v, err)
	}
	if err = json.Unmarshal(b, &out); err != nil {
		return out, fmt.Errorf("decode %T as %T: %w", v, out, err)
	}
	return out, nil
}

// awardNotifier tells the recipients of awards through the daemon's
// notifier: logged, counted by kind and posted to the webhook.
type awardNotifier struct{ n *notifier }

// NotifyAward implements scorecardwf.Notifier.
func (a awardNotifier) NotifyAward(ctx context.Context, x scorecardwf.Notification) error {
	return a.n.deliver(ctx, scorecardwf.NotificationKind, x, "period", x.Period, "recipient", x.Award.Recipient,
		"incentive", x.Award.Incentive, "reason", x.Award.Reason)
}
