package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// board is an agent load board (ticketwf.Agents) that also shows the
// states of the agents it knows: memoryBoard, or pgstate.Board when
// replicas share one.
type board interface {
	ticketwf.Agents
	States(ctx context.Context) (map[string]tkt.AgentState, error)
}

// rosterBoard gives routing the agents' live state: every configured
// agent of the current version is available, with the load and the last
// assignment its board holds for them. Agents that the current version
// does not have are left out, whatever the board holds for them. Presence
// (away, offline) and the wellbeing counts of difficult contacts are not
// tracked yet: every agent is available.
type rosterBoard struct {
	board
	versions *snapshots
}

// newRosterBoard is the roster of the current version over a board of this
// process alone.
func newRosterBoard(versions *snapshots) *rosterBoard {
	return &rosterBoard{board: newMemoryBoard(), versions: versions}
}

// Route routes on the board, giving pick the current version's roster.
func (r *rosterBoard) Route(ctx context.Context, ticket, channel string, at time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	return r.board.Route(ctx, ticket, channel, at, func(held map[string]tkt.AgentState) (string, error) {
		return pick(r.roster(held))
	})
}

// States returns the state of every agent of the current configuration.
func (r *rosterBoard) States(ctx context.Context) (map[string]tkt.AgentState, error) {
	held, err := r.board.States(ctx)
	if err != nil {
		return nil, err
	}
	return r.roster(held), nil
}

// roster is the state of every agent of the current configuration, from
// the states the board holds.
func (r *rosterBoard) roster(held map[string]tkt.AgentState) map[string]tkt.AgentState {
	_, snap, _ := r.versions.Current()
	out := make(map[string]tkt.AgentState, len(snap.Config.Agents))
	for id := range snap.Config.Agents {
		s, ok := held[id]
		if !ok {
			s = tkt.AgentState{Status: tkt.Available, Load: map[string]int{}}
		}
		out[id] = s
	}
	return out
}

// openBoard opens the daemon's agent load board: the one replicas share in
// PostgreSQL with --events-dsn (whose holds persist), else one in memory,
// rebuilt from the open tickets' search attributes when restore is set.
func (d *Daemon) openBoard(ctx context.Context, namespace string, restore bool) error {
	if d.state != nil {
		d.board = &rosterBoard{board: d.state.Board(), versions: d.versions}
		return nil
	}
	mem := newMemoryBoard()
	d.board = &rosterBoard{board: mem, versions: d.versions}
	if !restore {
		return nil
	}
	// Routing after a restart sees every agent's open tickets.
	n, err := mem.load(ctx, d.client, namespace)
	if err != nil {
		return fmt.Errorf("load the agents' open tickets: %w", err)
	}
	d.log.Info("agent load restored", "open_tickets", n)
	return nil
}

// hold is the agent holding an open ticket, on the ticket's channel.
type hold struct {
	agent, channel string
}

// memoryBoard is the agent load board of one process: each open ticket's
// hold (one open contact of its agent on its channel), keyed by ticket so
// that a retried activity holds a ticket once, and each agent's last
// assignment, kept after release. One mutex makes a Route (states, pick,
// hold) one step. It is rebuilt at start from the tickets' search
// attributes (see load), so a restart keeps every agent's load.
type memoryBoard struct {
	mu    sync.Mutex
	holds map[string]hold      // by ticket
	last  map[string]time.Time // by agent
}

func newMemoryBoard() *memoryBoard {
	return &memoryBoard{holds: map[string]hold{}, last: map[string]time.Time{}}
}

// Route calls pick with the states of the agents the board knows and makes
// the ticket's hold the agent it returns ("" drops it), under the lock;
// pick's error is returned as it is.
func (b *memoryBoard) Route(_ context.Context, ticket, channel string, at time.Time, pick func(map[string]tkt.AgentState) (string, error)) (string, error) {
	if ticket == "" {
		return "", errors.New("route on the agent board: the ticket id is empty")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	agent, err := pick(b.states())
	if err != nil {
		return "", err
	}
	b.hold(ticket, agent, channel, at)
	return agent, nil
}

// Assign makes agent hold the ticket on channel, replacing another agent's
// hold on it.
func (b *memoryBoard) Assign(_ context.Context, ticket, agent, channel string, at time.Time) error {
	if ticket == "" || agent == "" {
		return fmt.Errorf("assign ticket %q to %q on the agent board: the ticket and the agent must not be empty", ticket, agent)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hold(ticket, agent, channel, at)
	return nil
}

// Release drops the ticket's hold.
func (b *memoryBoard) Release(_ context.Context, ticket string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.holds, ticket)
	return nil
}

// States returns the states of the agents the board knows.
func (b *memoryBoard) States(context.Context) (map[string]tkt.AgentState, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.states(), nil
}

// states computes the agents' states from the holds; the caller holds
// b.mu.
func (b *memoryBoard) states() map[string]tkt.AgentState {
	out := map[string]tkt.AgentState{}
	state := func(agent string) tkt.AgentState {
		s, ok := out[agent]
		if !ok {
			s = tkt.AgentState{Status: tkt.Available, Load: map[string]int{}}
		}
		return s
	}
	for _, h := range b.holds {
		s := state(h.agent)
		s.Load[h.channel]++
		out[h.agent] = s
	}
	for agent, at := range b.last {
		s := state(agent)
		s.LastAssignedAt = at
		out[agent] = s
	}
	return out
}

// hold makes agent hold ticket on channel ("" drops the hold); a hold
// that moves to agent makes at their last assignment, unless it is later
// already. The caller holds b.mu.
func (b *memoryBoard) hold(ticket, agent, channel string, at time.Time) {
	if agent == "" {
		delete(b.holds, ticket)
		return
	}
	moved := b.holds[ticket].agent != agent
	b.holds[ticket] = hold{agent: agent, channel: channel}
	if moved && at.After(b.last[agent]) {
		b.last[agent] = at.UTC()
	}
}

// load sets the board's holds from the tickets that are not solved or
// closed, by their agent and channel as their search attributes show
// them; an agent's last assignment is taken as the opening of their
// newest ticket.
func (b *memoryBoard) load(ctx context.Context, c client.Client, namespace string) (int, error) {
	query := fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running' AND %s IN ('%s', '%s', '%s') AND %s != ''",
		ticketwf.WorkflowName, ticketwf.SearchTicketStatus, ticketwf.StatusOpen, ticketwf.StatusPendingCustomer, ticketwf.StatusPendingInternal,
		ticketwf.SearchTicketAgent)
	holds, last := map[string]hold{}, map[string]time.Time{}
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: namespace, PageSize: 1000, NextPageToken: token, Query: query})
		if err != nil {
			return 0, fmt.Errorf("list the open tickets: %w", err)
		}
		for _, info := range resp.GetExecutions() {
			t, serr := ticketwf.SummaryOf(info)
			if serr != nil {
				return 0, serr
			}
			holds[t.ID] = hold{agent: t.Agent, channel: t.Channel}
			if t.OpenedAt.After(last[t.Agent]) {
				last[t.Agent] = t.OpenedAt
			}
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			break
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.holds, b.last = holds, last
	return len(holds), nil
}
