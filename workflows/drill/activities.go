package drill

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	edrill "github.com/supportops/supportops/engine/drill"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/workflows/internal/record"
)

// ticketsHeartbeat is how often OpenTickets heartbeats; the workflow's
// heartbeat timeout for it is a few times as long.
const ticketsHeartbeat = 5 * time.Second

// Notifier delivers drill notifications (webhook, log, pager).
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// EventRecorder records drill events; engine/eventstore's Store is one.
type EventRecorder = record.Store

// TicketOpener opens a drill's synthetic tickets: the scenario's count of
// tickets on its channel and category, spread over its period (divided by
// the request's speed), each tagged "drill" so the ticket workflow marks
// its events as a drill's. It derives the tickets' ids from the drill's id,
// so that opening again (a retried activity) opens nothing twice, and
// returns them.
type TicketOpener interface {
	OpenDrillTickets(ctx context.Context, req TicketsRequest) ([]string, error)
}

// acts names the activities in workflow code. A method value on a nil
// *Activities gives the SDK each activity's name and signature: a worker
// runs its registered Activities, and a replayer, which has none, checks
// local activities against the signature without running them (a method
// expression such as (*Activities).Simulate would count the receiver as
// an argument there and fail the replay). It is never dereferenced.
var acts *Activities

// Activities are the drill workflow's side effects. Each method does one
// thing.
type Activities struct {
	Notifier Notifier
	Events   EventRecorder
	// Tickets may be nil where no drill injects tickets; a drill whose plan
	// has a scenario then records that it could not start it.
	Tickets TicketOpener
}

// Notify delivers a notification.
func (a *Activities) Notify(ctx context.Context, n Notification) error {
	if err := a.Notifier.Notify(ctx, n); err != nil {
		return fmt.Errorf("notify %v of %s in drill %s: %w", n.Targets, n.Kind, n.Drill, err)
	}
	return nil
}

// eventData is the data of a drill event.
type eventData struct {
	Step    string         `json:"step,omitempty"`
	Detail  string         `json:"detail,omitempty"`
	Elapsed time.Duration  `json:"elapsed"`
	Result  *edrill.Result `json:"result,omitempty"`
}

// Record writes history entries to the event store, each under the id
// "<drill>/<seq>" and with the drill's id as the stream, so that
// recording again (a retried activity) stores nothing twice. The
// workflow's history is the truth: an entry stored with other content is
// replaced, never a conflict that would end the drill. The events of a
// drill (not of a live run) are marked Drill, which KPIs leave out.
func (a *Activities) Record(ctx context.Context, req RecordRequest) error {
	log := record.Log{Kind: "drill", Stream: req.Drill, Drill: req.Mode != edrill.ModeLive}
	for _, e := range req.Entries {
		log.Entries = append(log.Entries, record.Entry{Seq: e.Seq, Type: e.Type, At: e.At, Actor: e.Actor,
			Data: eventData{Step: e.Step, Detail: e.Detail, Elapsed: e.Elapsed, Result: e.Result}})
	}
	// Entries are recorded by a regular activity, scheduled only once the
	// workflow task that made them has completed: none is ever left by a
	// lost task, so the log is not trimmed (Through 0) nor fenced.
	_, err := record.Sync(ctx, a.Events, log)
	return err
}

// OpenTickets opens the synthetic tickets of a drill's scenario. It
// heartbeats while the opener spreads them over the scenario's period.
func (a *Activities) OpenTickets(ctx context.Context, req TicketsRequest) (TicketsResult, error) {
	if a.Tickets == nil {
		return TicketsResult{}, temporal.NewNonRetryableApplicationError("open drill tickets: no ticket opener is configured", event.ErrNoTicketOpener, nil)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		tick := time.NewTicker(ticketsHeartbeat)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	ids, err := a.Tickets.OpenDrillTickets(ctx, req)
	if err != nil {
		return TicketsResult{}, fmt.Errorf("open the synthetic tickets of drill %s: %w", req.Drill, err)
	}
	return TicketsResult{Tickets: ids}, nil
}

// Simulate draws the simulated participants' responses. It is pure and
// runs as a local activity, so its result is recorded in the history and a
// replay uses the draws the run made.
func (a *Activities) Simulate(_ context.Context, req SimulateRequest) ([]edrill.Response, error) {
	out, err := req.Simulation.Responses(&req.Plan)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), event.ErrBadInput, err)
	}
	return out, nil
}
