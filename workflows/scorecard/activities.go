package scorecard

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/incentive"
	"github.com/supportops/supportops/engine/kpi"
	escorecard "github.com/supportops/supportops/engine/scorecard"
)

// Source computes scorecards from the recorded events.
type Source interface {
	// Scorecard builds the scorecard of period from the event store with
	// configuration version ("" for the one running) and returns it with
	// the version used. A period that does not parse is an error wrapping
	// ErrBadPeriod.
	Scorecard(ctx context.Context, period, version string) (escorecard.Scorecard, string, error)
	// Approver is the approval policy of configuration version.
	Approver(ctx context.Context, version string) (incentive.Approver, error)
}

// Store keeps one scorecard per closed period; EventStore is one.
type Store interface {
	// Stored returns the scorecard of period, nil when it is not closed.
	Stored(ctx context.Context, period string) (*Stored, error)
	// Put stores s unless its period has a scorecard already; either way
	// it returns the one stored (the first wins).
	Put(ctx context.Context, s Stored) (Stored, error)
}

// Notifier tells the recipients of awards.
type Notifier interface {
	NotifyAward(ctx context.Context, n Notification) error
}

// acts names the activities in workflow code by method values on a nil
// *Activities (see workflows/drill); it is never dereferenced.
var acts *Activities

// Activities are the side effects of closing a period.
type Activities struct {
	Source   Source
	Store    Store
	Notifier Notifier
}

// Compute closes in.Period in the store: unless it is closed already, it
// builds the scorecard (engine/scorecard.Build: the KPI card, the trend
// and the incentives evaluated), has the approval policy decide each
// payout that requires approval (incentive.Approve: an incentive_payout
// requested by the period close) and stores the result, the first close
// of a period winning. It answers with the stored scorecard's awards, and
// Created when the calling workflow run stored it (a retry after a crash
// between the store and the answer sees its own run and still notifies).
// The three steps are one activity so that the scorecard, which grows
// with the agents and the periods of its trend, stays out of the
// workflow's history.
func (a *Activities) Compute(ctx context.Context, in Input) (Computed, error) {
	defer heartbeat(ctx)()
	we := activity.GetInfo(ctx).WorkflowExecution
	run := we.ID + "/" + we.RunID
	st, err := a.Store.Stored(ctx, in.Period)
	if err != nil {
		return Computed{}, err
	}
	if st == nil {
		sc, version, berr := a.Source.Scorecard(ctx, in.Period, in.ConfigVersion)
		if berr != nil {
			return Computed{}, fmt.Errorf("compute the scorecard of %s: %w", in.Period, berr)
		}
		approver, aerr := a.Source.Approver(ctx, version)
		if aerr != nil {
			return Computed{}, fmt.Errorf("load the approval policy of version %s: %w", version, aerr)
		}
		if aerr = incentive.Approve(ctx, approver, &sc.Outcome); aerr != nil {
			return Computed{}, fmt.Errorf("request the payouts of %s: %w", in.Period, aerr)
		}
		put, perr := a.Store.Put(ctx, Stored{Scorecard: sc, ComputedAt: time.Now().UTC(), ConfigVersion: version, ClosedBy: run})
		if perr != nil {
			return Computed{}, fmt.Errorf("store the scorecard of %s: %w", in.Period, perr)
		}
		st = &put
	}
	return Computed{Period: in.Period, Created: st.ClosedBy == run, Awards: st.Scorecard.Outcome.Awards}, nil
}

// Notify tells one recipient of their award.
func (a *Activities) Notify(ctx context.Context, n Notification) error {
	if err := a.Notifier.NotifyAward(ctx, n); err != nil {
		return fmt.Errorf("notify %s of %s in %s: %w", n.Award.Recipient, n.Award.Incentive, n.Period, err)
	}
	return nil
}

// ResolvePeriod names the last period of kind in.Kind that had ended at
// nominal, the schedule's action time, in the center's time zone: at a
// period's end (the schedule's calendar) the period of the instant one
// second before; when an operator triggers the schedule in the middle of
// a period, the one before it, never one still running.
func (a *Activities) ResolvePeriod(_ context.Context, in ScheduledInput, nominal time.Time) (string, error) {
	loc, err := time.LoadLocation(in.TimeZone)
	if err != nil {
		return "", temporal.NewNonRetryableApplicationError(fmt.Sprintf("time zone %q: %v", in.TimeZone, err), event.ErrBadInput, nil)
	}
	k := kpi.Kind(in.Kind)
	if !validKind(k) {
		return "", temporal.NewNonRetryableApplicationError(fmt.Sprintf("period kind %q is not day, week, month, quarter or year", in.Kind), event.ErrBadInput, nil)
	}
	return kpi.PeriodOf(k, nominal, loc).Prev().String(), nil
}

// validKind reports whether k is a kind of period.
func validKind(k kpi.Kind) bool {
	switch k {
	case kpi.Day, kpi.Week, kpi.Month, kpi.Quarter, kpi.Year:
		return true
	}
	return false
}

// heartbeat records the activity's heartbeat every computeHeartbeat until
// the function it returns is called.
func heartbeat(ctx context.Context) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(computeHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return func() { close(done) }
}
