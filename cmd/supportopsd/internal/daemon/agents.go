package daemon

import (
	"context"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// rosterBoard gives routing the agents' live state. Until presence and load
// tracking land, every configured agent of the current version counts as
// available with no open contacts, so routing follows skills, languages,
// channels, trainee limits and the queue's team only.
type rosterBoard struct{ versions *snapshots }

func (b rosterBoard) States(context.Context) (map[string]tkt.AgentState, error) {
	_, snap, _ := b.versions.Current()
	out := make(map[string]tkt.AgentState, len(snap.Config.Agents))
	for id := range snap.Config.Agents {
		out[id] = tkt.AgentState{Status: tkt.Available}
	}
	return out, nil
}
