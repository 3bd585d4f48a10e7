package daemon

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	tkt "github.com/supportops/supportops/engine/ticket"
	ticketwf "github.com/supportops/supportops/workflows/ticket"
)

// rosterBoard gives routing the agents' live state: every configured agent
// of the current version is available, and the board follows assignments
// (open contacts per channel, the last assignment) as the ticket workflows
// report them. It lives in memory and is rebuilt at start from the
// tickets' search attributes (see load), so a restart keeps every
// agent's load. Presence (away, offline) and the wellbeing counts of
// difficult contacts are not tracked yet: every agent is available.
type rosterBoard struct {
	versions *snapshots

	mu     sync.Mutex
	agents map[string]tkt.AgentState
}

func newRosterBoard(versions *snapshots) *rosterBoard {
	return &rosterBoard{versions: versions, agents: map[string]tkt.AgentState{}}
}

// States returns the state of every agent of the current configuration.
func (b *rosterBoard) States(context.Context) (map[string]tkt.AgentState, error) {
	_, snap, _ := b.versions.Current()
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[string]tkt.AgentState, len(snap.Config.Agents))
	for id := range snap.Config.Agents {
		s, ok := b.agents[id]
		if !ok {
			s = tkt.AgentState{Status: tkt.Available}
		}
		s.Load = cloneLoad(s.Load)
		out[id] = s
	}
	return out, nil
}

// Assigned counts a new open contact for agent on channel.
func (b *rosterBoard) Assigned(_ context.Context, agent, channel string, at time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state(agent)
	s.Load[channel]++
	if at.After(s.LastAssignedAt) {
		s.LastAssignedAt = at
	}
	b.agents[agent] = s
	return nil
}

// Released ends an open contact of agent on channel.
func (b *rosterBoard) Released(_ context.Context, agent, channel string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state(agent)
	if s.Load[channel] > 0 {
		s.Load[channel]--
	}
	b.agents[agent] = s
	return nil
}

func (b *rosterBoard) state(agent string) tkt.AgentState {
	s, ok := b.agents[agent]
	if !ok {
		s = tkt.AgentState{Status: tkt.Available}
	}
	s.Load = cloneLoad(s.Load)
	return s
}

func cloneLoad(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// load sets the board's load from the tickets that are not solved
// or closed, by their agent and channel as their search attributes show
// them; an agent's last assignment is taken as the opening of their
// newest ticket.
func (b *rosterBoard) load(ctx context.Context, c client.Client, namespace string) (int, error) {
	query := fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running' AND %s IN ('%s', '%s', '%s') AND %s != ''",
		ticketwf.WorkflowName, ticketwf.SearchTicketStatus, ticketwf.StatusOpen, ticketwf.StatusPendingCustomer, ticketwf.StatusPendingInternal,
		ticketwf.SearchTicketAgent)
	agents := map[string]tkt.AgentState{}
	n := 0
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
			s, ok := agents[t.Agent]
			if !ok {
				s = tkt.AgentState{Status: tkt.Available, Load: map[string]int{}}
			}
			s.Load[t.Channel]++
			if t.OpenedAt.After(s.LastAssignedAt) {
				s.LastAssignedAt = t.OpenedAt
			}
			agents[t.Agent] = s
			n++
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			break
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.agents = agents
	return n, nil
}
