package policy

import (
	"cmp"
	"slices"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/ticket"
)

// Roster is the live state of the agents prepared for routing: converted
// once into the policy's values, with the views the routing policy's fast
// path reads (who is free on each channel, the routing order). Prepare a
// roster once per change of agent state and route any number of tickets
// against it; a Roster is immutable and safe for concurrent use.
type Roster struct {
	agents map[string]ticket.AgentState
	term   *ast.Term
}

// Roster prepares the live state of agents, keyed by agent id, for routing
// with this engine's configuration. Agents unknown to the configuration are
// kept for the record but never routed to.
func (e *Engine) Roster(agents map[string]ticket.AgentState) *Roster {
	return newRoster(e.cfg, agents)
}

func newRoster(cfg *model.Config, agents map[string]ticket.AgentState) *Roster {
	type entry struct {
		id         string
		open, last int64
	}
	raw := ast.NewObject()
	free := map[string][]*ast.Term{}
	difficult := ast.NewObject()
	order := make([]entry, 0, len(agents))
	for _, id := range model.SortedKeys(agents) {
		s := agents[id]
		load := ast.NewObject()
		open := 0
		for _, ch := range model.SortedKeys(s.Load) {
			load.Insert(ast.StringTerm(ch), ast.IntNumberTerm(s.Load[ch]))
			open += s.Load[ch]
		}
		idTerm := ast.StringTerm(id)
		raw.Insert(idTerm, ast.ObjectTerm(
			ast.Item(ast.InternedTerm("status"), ast.StringTerm(string(s.Status))),
			ast.Item(ast.InternedTerm("load"), ast.NewTerm(load)),
			ast.Item(ast.InternedTerm("open"), ast.IntNumberTerm(open)),
			ast.Item(ast.InternedTerm("last_assigned"), ast.IntNumberTerm(int(unix(s.LastAssignedAt)))),
			ast.Item(ast.InternedTerm("difficult_contacts"), ast.IntNumberTerm(s.DifficultContacts)),
			ast.Item(ast.InternedTerm("last_difficult"), ast.IntNumberTerm(int(unix(s.LastDifficultAt)))),
		))
		if s.DifficultContacts > 0 {
			difficult.Insert(idTerm, ast.ObjectTerm(
				ast.Item(ast.InternedTerm("count"), ast.IntNumberTerm(s.DifficultContacts)),
				ast.Item(ast.InternedTerm("last"), ast.IntNumberTerm(int(unix(s.LastDifficultAt)))),
			))
		}
		a, known := cfg.Agents[id]
		if !known {
			continue
		}
		order = append(order, entry{id: id, open: int64(open), last: unix(s.LastAssignedAt)})
		if s.Status != ticket.Available {
			continue
		}
		for ch, capacity := range a.Channels {
			if s.Load[ch] < capacity {
				free[ch] = append(free[ch], idTerm)
			}
		}
	}
	freeObj := ast.NewObject()
	for _, ch := range model.SortedKeys(free) {
		freeObj.Insert(ast.StringTerm(ch), ast.SetTerm(free[ch]...))
	}
	slices.SortFunc(order, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.open, b.open), cmp.Compare(a.last, b.last), cmp.Compare(a.id, b.id))
	})
	orderTerms := make([]*ast.Term, len(order))
	rank := ast.NewObject()
	for i, en := range order {
		orderTerms[i] = ast.StringTerm(en.id)
		pos := ast.IntNumberTerm(i)
		rank.Insert(orderTerms[i], ast.ArrayTerm(pos))
		rank.Insert(pos, ast.ArrayTerm())
	}
	return &Roster{
		agents: agents,
		term: ast.ObjectTerm(
			ast.Item(ast.InternedTerm("agents"), ast.NewTerm(raw)),
			ast.Item(ast.InternedTerm("free"), ast.NewTerm(freeObj)),
			ast.Item(ast.InternedTerm("order"), ast.ArrayTerm(orderTerms...)),
			ast.Item(ast.InternedTerm("rank"), ast.NewTerm(rank)),
			ast.Item(ast.InternedTerm("difficult"), ast.NewTerm(difficult)),
		),
	}
}

// unix is t in Unix seconds, 0 for the zero time.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
