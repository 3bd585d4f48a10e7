package daemon

import (
	"context"
	"sync"
	"time"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// rosterBoard gives routing the agents' live state: every configured agent
// of the current version is available, and the board follows assignments
// (open contacts per channel, the last assignment) as the ticket workflows
// report them. It lives in memory: after a restart, load starts from zero
// until presence and load tracking are persisted.
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
