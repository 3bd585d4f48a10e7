package ticket

import (
	"fmt"
	"strings"
	"time"

	"github.com/supportops/supportops/engine/event"
	tkt "github.com/supportops/supportops/engine/ticket"
	"go.temporal.io/sdk/workflow"
)

// Version gates of assignments.
const (
	// reassignActivityVersion gates running explicit reassignments
	// through the Reassign activity, which checks the agent and moves the
	// load; before it the agent was only set.
	reassignActivityVersion = "reassign-activity"
	// roundRobinVersion gates giving the ticket to the person of a
	// round-robin escalation level's repetition; before it such a level's
	// reassign routed the ticket again.
	roundRobinVersion = "escalation-round-robin"
)

// reassign gives the ticket to agent, as actor asked; detail says why in
// the history. An agent the configuration does not have refuses it.
func (r *run) reassign(ctx workflow.Context, now time.Time, agent, actor, detail string) error {
	if workflow.GetVersion(ctx, reassignActivityVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		r.st.Agent = agent
		r.note(ctx, event.Reassigned, actor, detail)
		return nil
	}
	return r.assign(ctx, now, agent, actor, detail)
}

// assign gives the ticket to agent through the Reassign activity.
func (r *run) assign(ctx workflow.Context, now time.Time, agent, actor, detail string) error {
	var res ReassignResult
	req := ReassignRequest{Config: r.in.Config, Ticket: r.st.Ticket.ID, Previous: r.st.Agent, Agent: agent, Channel: r.st.Ticket.Channel, At: now}
	if err := r.call(ctx, defaultRetry(), acts.Reassign, req, &res); err != nil {
		return fmt.Errorf("reassign ticket %s to %s: %w", r.st.Ticket.ID, agent, err)
	}
	r.st.Agent = res.Agent
	r.noteData(ctx, event.Reassigned, actor, detail, tkt.EntryData{Agent: &res.Agent})
	return nil
}

// escalationTargets are who repetition k of escalation level l reaches:
// its people (its targets when they name nobody), one of them in turn on
// a round-robin level.
func escalationTargets(l Escalation, k int) []string {
	switch {
	case len(l.People) == 0:
		return l.Targets
	case l.RoundRobin:
		return []string{l.People[k%len(l.People)]}
	}
	return l.People
}

// reassignOnEscalation carries out the reassign action of repetition k of
// escalation level i (from 0) of clock c's path: a round-robin level gives
// the ticket to that repetition's person, any other routes it again as
// escalated.
func (r *run) reassignOnEscalation(ctx workflow.Context, c *clockRun, l Escalation, i, k int) error {
	if !l.RoundRobin || len(l.People) == 0 ||
		workflow.GetVersion(ctx, roundRobinVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return r.route(ctx, true)
	}
	agent := l.People[k%len(l.People)]
	if agent == r.st.Agent {
		return nil
	}
	detail := fmt.Sprintf("to %s by escalation: %s path of %s, level %d, repetition %d, round robin over %s",
		agent, c.spec.EscalationPath, c.spec.Metric, i+1, k+1, strings.Join(l.Targets, ", "))
	return r.assign(ctx, workflow.Now(ctx).UTC(), agent, "", detail)
}
