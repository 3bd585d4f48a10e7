package ticket

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/supportops/supportops/engine/config"
	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/policy"
	"github.com/supportops/supportops/engine/sla"
	tkt "github.com/supportops/supportops/engine/ticket"
	"github.com/supportops/supportops/workflows/internal/record"
)

// Snapshots gives the configuration versions tickets run under, with the
// policy engine of each.
type Snapshots interface {
	Snapshot(ctx context.Context, version string) (*config.Snapshot, *policy.Engine, error)
}

// Agents is the agent load board: which agent holds each open ticket
// (one open contact on the ticket's channel), from which routing reads
// the agents' live state. Holds are keyed by ticket, so a retried
// activity never counts a ticket twice. Every method is safe for
// concurrent use, also by several processes sharing one board.
type Agents interface {
	// Route reads the agents' states, calls pick with them, and makes the
	// ticket's hold the agent pick returns ("" holds none and drops the
	// ticket's earlier hold), as one step that no other Route or Assign
	// interleaves with; it returns pick's agent. The states hold the
	// agents the board knows (every agent with a hold or an assignment);
	// an agent the board has never seen is absent.
	Route(ctx context.Context, ticket, channel string, at time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error)
	// Assign makes agent hold the ticket on channel from at, replacing
	// any other agent's hold on it; assigning again is one hold.
	Assign(ctx context.Context, ticket, agent, channel string, at time.Time) error
	// Release drops the ticket's hold; releasing a ticket with none does
	// nothing.
	Release(ctx context.Context, ticket string) error
}

// EventRecorder records the ticket workflows' histories as events;
// engine/eventstore's Store is one.
type EventRecorder = record.Store

// Notifier delivers notifications (webhook, log, pager).
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// acts names the activities in workflow code. A method value on a nil
// *Activities gives the SDK each activity's name and signature: a worker
// runs its registered Activities, and a replayer, which has none, checks
// local activities against the signature without running them (a method
// expression such as (*Activities).Route would count the receiver as an
// argument there and fail the replay). It is never dereferenced.
var acts *Activities

// Activities are the ticket workflow's side effects and its access to
// configuration and policy. Each method does one thing.
type Activities struct {
	Snapshots Snapshots
	Agents    Agents
	Events    EventRecorder
	Notifier  Notifier
}

func (a *Activities) snapshot(ctx context.Context, version string) (*config.Snapshot, *policy.Engine, error) {
	s, e, err := a.Snapshots.Snapshot(ctx, version)
	if err != nil {
		return nil, nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("configuration %s: %v", version, err), event.ErrUnknownConfig, err)
	}
	return s, e, nil
}

// Route decides the ticket's priority, queue and agent with the routing
// policy of its configuration and the agents' live state, and holds the
// ticket for the agent on the board in the same step (Agents.Route), so
// that no other routing, of this process or another, decides on the same
// states.
func (a *Activities) Route(ctx context.Context, req RouteRequest) (RouteResult, error) {
	snap, eng, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return RouteResult{}, err
	}
	if req.At.IsZero() {
		return RouteResult{}, temporal.NewNonRetryableApplicationError("route: the request has no time (at)", event.ErrBadRequest, nil)
	}
	t := req.Ticket
	if t.ID == "" {
		return RouteResult{}, temporal.NewNonRetryableApplicationError("route: the ticket has no id", event.ErrBadRequest, nil)
	}
	t.Escalated = t.Escalated || req.Escalated
	var d policy.RoutingDecision
	// The board moves the ticket's hold (from req.Previous, if routing
	// picks another agent) in the same step as it reads the states.
	_, err = a.Agents.Route(ctx, t.ID, t.Channel, req.At, func(states map[string]tkt.AgentState) (string, error) {
		var rerr error
		d, rerr = eng.Route(ctx, policy.RouteInput{Ticket: t, Roster: eng.Roster(states), Now: req.At})
		return d.Agent, rerr
	})
	if err != nil {
		return RouteResult{}, fmt.Errorf("route ticket %s: %w", t.ID, err)
	}
	return RouteResult{
		Priority: d.Priority, Queue: d.Queue, Agent: d.Agent, Reasons: d.Reasons,
		Team: snap.Config.Queues[d.Queue].Team, ChannelKind: string(snap.Config.Channels[t.Channel].Kind),
	}, nil
}

// Reassign gives a ticket to an agent of its configuration: the ticket's
// hold on the board moves from the previous agent to the new one, in one
// step that a retry repeats harmlessly. An agent the configuration does
// not have is a non-retryable event.ErrUnknownAgent failure.
func (a *Activities) Reassign(ctx context.Context, req ReassignRequest) (ReassignResult, error) {
	snap, _, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return ReassignResult{}, err
	}
	if _, ok := snap.Config.Agents[req.Agent]; !ok {
		return ReassignResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("no agent %q in configuration %s", req.Agent, req.Config), event.ErrUnknownAgent, nil)
	}
	if req.At.IsZero() {
		return ReassignResult{}, temporal.NewNonRetryableApplicationError("reassign: the request has no time (at)", event.ErrBadRequest, nil)
	}
	// The board replaces the previous agent's hold on the ticket, and
	// holding it again (a retry, or the same agent) is one hold.
	if err := a.Agents.Assign(ctx, req.Ticket, req.Agent, req.Channel, req.At); err != nil {
		return ReassignResult{}, fmt.Errorf("assign ticket %s to %s: %w", req.Ticket, req.Agent, err)
	}
	return ReassignResult{Agent: req.Agent}, nil
}

// Release ends an agent's work on a ticket that closes without being
// solved (solving releases through Record).
func (a *Activities) Release(ctx context.Context, req ReleaseRequest) error {
	if err := a.Agents.Release(ctx, req.Ticket); err != nil {
		return fmt.Errorf("release %s from ticket %s: %w", req.Agent, req.Ticket, err)
	}
	return nil
}

// Approve asks the approval policy of the ticket's configuration.
func (a *Activities) Approve(ctx context.Context, req ApproveRequest) (policy.ApprovalDecision, error) {
	_, eng, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return policy.ApprovalDecision{}, err
	}
	d, err := eng.Approve(ctx, req.Request)
	if err != nil {
		return d, fmt.Errorf("decide approval of %s: %w", req.Request.Action, err)
	}
	return d, nil
}

// Plan selects the ticket's SLA terms: the policy, its clocks resolved,
// and the escalation paths they name. Its name is the activity type
// recorded in workflow histories, and stays "Plan".
func (a *Activities) Plan(ctx context.Context, req TermsRequest) (TermsResult, error) {
	snap, _, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return TermsResult{}, err
	}
	p, found, err := sla.Select(snap.Config, req.Subject)
	if err != nil {
		return TermsResult{}, temporal.NewNonRetryableApplicationError(err.Error(), event.ErrBadConfig, err)
	}
	res := TermsResult{Found: found, SLA: p, Escalations: map[string][]Escalation{}}
	for _, c := range p.Clocks {
		if c.EscalationPath == "" {
			continue
		}
		path, ok := snap.Config.EscalationPaths[c.EscalationPath]
		if !ok {
			return TermsResult{}, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("escalation path %q is not configured", c.EscalationPath), event.ErrBadConfig, nil)
		}
		levels := make([]Escalation, 0, len(path.Levels))
		for i, l := range path.Levels {
			after, err := parseDuration(l.After)
			if err != nil {
				return TermsResult{}, temporal.NewNonRetryableApplicationError(
					fmt.Sprintf("escalation path %s level %d: after: %v", c.EscalationPath, i, err), event.ErrBadConfig, err)
			}
			every, err := parseDuration(l.RepeatEvery)
			if err != nil {
				return TermsResult{}, temporal.NewNonRetryableApplicationError(
					fmt.Sprintf("escalation path %s level %d: repeat_every: %v", c.EscalationPath, i, err), event.ErrBadConfig, err)
			}
			e := Escalation{After: after, Targets: l.Targets, People: snap.Config.People(l.Targets), Actions: l.Actions,
				RoundRobin: l.RoundRobin, Repeat: l.Repeat, RepeatEvery: every}
			if l.When != nil {
				e.Priorities, e.WorkingHours = l.When.Priorities, l.When.WorkingHours
			}
			levels = append(levels, e)
		}
		res.Escalations[c.EscalationPath] = levels
	}
	return res, nil
}

func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}

// Times returns From plus each offset counted on the calendar. It runs
// as a local activity.
func (a *Activities) Times(ctx context.Context, req TimesRequest) ([]time.Time, error) {
	snap, _, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return nil, err
	}
	cal, ok := snap.Calendars[req.Calendar]
	if !ok {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("calendar %q is not configured", req.Calendar), event.ErrBadConfig, nil)
	}
	out := make([]time.Time, len(req.Offsets))
	for i, off := range req.Offsets {
		out[i] = cal.Due(req.From, off).UTC()
	}
	return out, nil
}

// Elapsed returns the business time between From and To on the calendar.
// It runs as a local activity.
func (a *Activities) Elapsed(ctx context.Context, req ElapsedRequest) (time.Duration, error) {
	snap, _, err := a.snapshot(ctx, req.Config)
	if err != nil {
		return 0, err
	}
	cal, ok := snap.Calendars[req.Calendar]
	if !ok {
		return 0, temporal.NewNonRetryableApplicationError(fmt.Sprintf("calendar %q is not configured", req.Calendar), event.ErrBadConfig, nil)
	}
	return cal.Between(req.From, req.To), nil
}

// Record writes history entries to the event store, each under the id
// "<ticket>/<seq>". The workflow's history is the truth: recording again
// (a retried activity) stores nothing twice, and an entry stored by a
// workflow task that was lost before it completed (the daemon killed
// mid-task) is replaced by what the workflow records now, so that a
// ticket's own bookkeeping can never conflict with itself. Entries after
// req.Through were left by such a lost task and are removed.
func (a *Activities) Record(ctx context.Context, req RecordRequest) error {
	log := record.Log{Kind: "ticket", Stream: req.Ticket, Drill: req.Drill, Through: req.Through, Fence: req.Fence}
	for _, e := range req.Entries {
		fields := map[string]any{"detail": e.Detail, "status": e.Status, "queue": e.Queue, "priority": e.Priority}
		if e.Ref != "" {
			fields["ref"] = e.Ref
		}
		if e.OnBehalfOf != "" {
			fields["on_behalf_of"] = e.OnBehalfOf
		}
		if err := addData(fields, e.Data); err != nil {
			return temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("encode the data of event %d of ticket %s: %v", e.Seq, req.Ticket, err), event.ErrBadEvent, err)
		}
		log.Entries = append(log.Entries, record.Entry{Seq: e.Seq, Type: e.Type, At: e.At, Actor: e.Actor, Data: fields})
	}
	changed, err := record.Sync(ctx, a.Events, log)
	if err != nil || changed == 0 || req.Agent == "" {
		return err
	}
	// The agent's load follows the ticket: released when it is solved,
	// held again when it is reopened. Both are idempotent on the board;
	// only a first recording changes it.
	for _, e := range req.Entries {
		switch e.Type {
		case event.Solved:
			err = a.Agents.Release(ctx, req.Ticket)
		case event.Reopened:
			err = a.Agents.Assign(ctx, req.Ticket, req.Agent, req.Channel, e.At)
		}
		if err != nil {
			return fmt.Errorf("record %d events of ticket %s: %w", len(req.Entries), req.Ticket, err)
		}
	}
	return nil
}

// EventID is the event store id of the seq-th history entry of a ticket.
func EventID(ticket string, seq int) string { return record.EventID(ticket, seq) }

// Notify delivers a notification.
func (a *Activities) Notify(ctx context.Context, n Notification) error {
	if err := a.Notifier.Notify(ctx, n); err != nil {
		return fmt.Errorf("notify %v of %s on ticket %s: %w", n.Targets, n.Kind, n.Ticket, err)
	}
	return nil
}
