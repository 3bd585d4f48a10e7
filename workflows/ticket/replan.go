package ticket

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/supportops/supportops/engine/event"
	"github.com/supportops/supportops/engine/sla"
)

// replanVersion gates selecting the SLA terms again when the priority
// changes (an agent's priority event, an escalation's raise_priority):
// tickets started before it keep the terms they opened with.
const replanVersion = "sla-replan-on-priority"

// setPriority gives the ticket priority, as actor did (why is appended to
// the history entry), and selects its SLA terms again. The terms for the
// new priority are asked for first, so a priority that has none is
// refused with nothing changed.
func (r *run) setPriority(ctx workflow.Context, now time.Time, priority, actor, why string) error {
	var next *TermsResult
	if workflow.GetVersion(ctx, replanVersion, workflow.DefaultVersion, 1) == 1 {
		p, err := r.termsFor(ctx, priority)
		if err != nil {
			return err
		}
		next = &p
	}
	r.note(ctx, event.Priority, actor, r.st.Priority+" → "+priority+why)
	r.st.Priority = priority
	if next == nil {
		return nil
	}
	return r.changeTerms(ctx, now, *next)
}

// migrate moves the ticket to the configuration version ev.Config: the
// SLA terms are selected there and the clocks move to them as on a
// priority change (see changeTerms). A version that cannot serve the
// terms refuses the event with nothing changed. Routing and approvals are
// not decided again; a reassign event routes on the new version.
func (r *run) migrate(ctx workflow.Context, now time.Time, ev Event) error {
	var next TermsResult
	req := TermsRequest{Config: ev.Config, Subject: r.subject(r.st.Priority)}
	if err := r.call(ctx, defaultRetry(), acts.Plan, req, &next); err != nil {
		return fmt.Errorf("migrate ticket %s to configuration %s: %w", r.st.Ticket.ID, ev.Config, err)
	}
	r.note(ctx, event.ConfigMigrated, ev.Actor, r.in.Config+" → "+ev.Config)
	r.in.Config, r.st.Config = ev.Config, ev.Config
	return r.changeTerms(ctx, now, next)
}

// subject is what selects the ticket's SLA policy, at priority.
func (r *run) subject(priority string) sla.Subject {
	return sla.Subject{Priority: priority, Channel: r.st.Ticket.Channel, Category: r.st.Ticket.Category,
		Tier: r.st.Ticket.Customer.Tier, Queue: r.st.Queue}
}

// termsFor asks for the SLA terms of the ticket at priority.
func (r *run) termsFor(ctx workflow.Context, priority string) (TermsResult, error) {
	var p TermsResult
	req := TermsRequest{Config: r.in.Config, Subject: r.subject(priority)}
	if err := r.call(ctx, defaultRetry(), acts.Plan, req, &p); err != nil {
		return TermsResult{}, fmt.Errorf("plan the SLA of ticket %s at priority %s: %w", r.st.Ticket.ID, priority, err)
	}
	return p, nil
}

// changeTerms moves the ticket to the SLA terms next when their policy or
// a clock's target differs from the current terms'.
//
// Like Zendesk, which recomputes an SLA's targets when a ticket's priority
// changes but keeps when each metric started, a clock of both terms keeps
// its state and the time it has counted and is re-armed against the new
// target (see clockRun.rearm): lowering a first reply's target from 9h30m
// to 1h on a ticket that has waited 2h breaches it at once. A clock only
// the new terms have starts as it would at open, from now with nothing
// counted: first_reply while no agent has replied publicly, resolution
// while the ticket is not solved or closed, both paused if the status
// pauses them; next_reply and periodic_update wait for their events as
// usual. A clock only the old terms have stops, keeping what it counted and
// any breach, and stays in the state.
//
// An escalation that raises the priority changes the terms from its own
// coroutine,
// which stopping its clock cancels: the clocks move on a context that
// cancellation does not reach, so that the move is never left half done.
func (r *run) changeTerms(ctx workflow.Context, now time.Time, next TermsResult) error {
	if !termsChanged(r.terms, next) {
		return nil
	}
	dctx, cancel := workflow.NewDisconnectedContext(ctx)
	defer cancel()
	var changes []string
	var clocks []*clockRun
	if next.Found {
		for _, spec := range next.SLA.Clocks {
			if c := r.clock(spec.Metric); c != nil {
				if c.spec.Target != spec.Target {
					changes = append(changes, fmt.Sprintf("%s %s → %s", spec.Metric, c.spec.Target, spec.Target))
				}
				if err := c.rearm(dctx, r, now, spec, r.st.Status); err != nil {
					return err
				}
				clocks = append(clocks, c)
				continue
			}
			c := &clockRun{spec: spec, cs: ClockState{Metric: spec.Metric, Calendar: spec.Calendar, Target: spec.Target, State: ClockIdle}}
			changes = append(changes, fmt.Sprintf("%s %s added", spec.Metric, spec.Target))
			if err := r.startAdded(dctx, now, c); err != nil {
				return err
			}
			clocks = append(clocks, c)
		}
	}
	for _, c := range r.clocks {
		if slices.Contains(clocks, c) {
			continue
		}
		if !c.retired {
			if err := c.halt(dctx, r, now); err != nil {
				return err
			}
			if c.cs.State == ClockIdle {
				c.cs.State = ClockStopped
			}
			c.retired = true
			changes = append(changes, c.spec.Metric+" stopped")
		}
		clocks = append(clocks, c)
	}
	detail := fmt.Sprintf("SLA policy %s → %s", policyName(r.terms), policyName(next))
	if len(changes) > 0 {
		detail += ": " + strings.Join(changes, ", ")
	}
	r.clocks, r.terms = clocks, next
	r.st.SLAPolicy = next.SLA.Policy
	r.note(dctx, event.SLAReplanned, "", detail)
	return nil
}

// startAdded starts a clock that new terms added, as it would have
// started at open.
func (r *run) startAdded(ctx workflow.Context, now time.Time, c *clockRun) error {
	closed := r.st.Status == StatusSolved || r.st.Status == StatusClosed
	switch {
	case c.spec.Metric == sla.FirstReply && !closed && !r.agentReplied():
	case c.spec.Metric == sla.Resolution && !closed:
	default:
		return nil
	}
	if slices.Contains(c.spec.PauseStatuses, r.st.Status) {
		c.cs.State, c.since = ClockPaused, now
		return nil
	}
	return c.start(ctx, r, now)
}

// agentReplied holds once an agent has replied to the customer.
func (r *run) agentReplied() bool {
	return r.replied
}

// termsChanged holds when next differs from cur in its policy or in the
// metric or target of a clock.
func termsChanged(cur, next TermsResult) bool {
	if cur.Found != next.Found || cur.SLA.Policy != next.SLA.Policy || len(cur.SLA.Clocks) != len(next.SLA.Clocks) {
		return true
	}
	for i, c := range cur.SLA.Clocks {
		if n := next.SLA.Clocks[i]; c.Metric != n.Metric || c.Target != n.Target {
			return true
		}
	}
	return false
}

func policyName(p TermsResult) string {
	if !p.Found {
		return "(none)"
	}
	return cmp.Or(p.SLA.Policy, "(unnamed)")
}
