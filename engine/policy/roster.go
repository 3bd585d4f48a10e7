package policy

import (
	"cmp"
	"encoding/json"
	"math/big"
	"slices"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/supportops/supportops/engine/model"
	"github.com/supportops/supportops/engine/ticket"
)

// Roster is the live state of the agents prepared for routing: converted
// once into the policy's values, with the views the routing policy's fast
// path reads. Prepare a roster once per change of agent state and route any
// number of tickets against it; a Roster is immutable and safe for
// concurrent use.
//
// The views are bit masks over the routing order (least open contacts,
// then longest idle, then id): bit i of a mask, an integer, stands for the
// agent at position i of the order. The configuration's index (who
// qualifies for what, who is a trainee) is laid out in that order too, so
// the policy finds the best qualified agent with a few bitwise operations
// and the lowest set bit instead of looking at each candidate.
type Roster struct {
	agents map[string]ticket.AgentState
	term   *ast.Term
}

// Roster prepares the live state of agents, keyed by agent id, for routing
// with this engine's configuration. Agents unknown to the configuration are
// kept for the record but never routed to.
func (e *Engine) Roster(agents map[string]ticket.AgentState) *Roster {
	return newRoster(e.cfg, e.ix, agents)
}

// rosterEntry is an agent in the routing order.
type rosterEntry struct {
	id         string
	open, last int64
}

func newRoster(cfg *model.Config, ix *Index, agents map[string]ticket.AgentState) *Roster {
	raw := ast.NewObject()
	difficult := ast.NewObject()
	order := make([]rosterEntry, 0, len(agents))
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
		if _, known := cfg.Agents[id]; known {
			order = append(order, rosterEntry{id: id, open: int64(open), last: unix(s.LastAssignedAt)})
		}
	}
	slices.SortFunc(order, func(a, b rosterEntry) int {
		return cmp.Or(cmp.Compare(a.open, b.open), cmp.Compare(a.last, b.last), cmp.Compare(a.id, b.id))
	})

	m := newMasker(order)
	orderTerms := make([]*ast.Term, len(order))
	pos := ast.NewObject()
	free := map[string]*big.Int{}
	for i, en := range order {
		orderTerms[i] = ast.StringTerm(en.id)
		pos.Insert(orderTerms[i], ast.IntNumberTerm(i))
		s := agents[en.id]
		if s.Status != ticket.Available {
			continue
		}
		for ch, capacity := range cfg.Agents[en.id].Channels {
			if s.Load[ch] < capacity {
				if free[ch] == nil {
					free[ch] = new(big.Int)
				}
				free[ch].SetBit(free[ch], i, 1)
			}
		}
	}
	freeObj := ast.NewObject()
	for _, ch := range model.SortedKeys(free) {
		freeObj.Insert(ast.StringTerm(ch), maskTerm(free[ch]))
	}
	qualified := ast.NewObject()
	for _, team := range model.SortedKeys(ix.Qualified) {
		byCat := ast.NewObject()
		for _, cat := range model.SortedKeys(ix.Qualified[team]) {
			byLang := ast.NewObject()
			for _, lang := range model.SortedKeys(ix.Qualified[team][cat]) {
				byChan := ast.NewObject()
				for _, ch := range model.SortedKeys(ix.Qualified[team][cat][lang]) {
					byChan.Insert(ast.StringTerm(ch), m.of(ix.Qualified[team][cat][lang][ch]))
				}
				byLang.Insert(ast.StringTerm(lang), ast.NewTerm(byChan))
			}
			byCat.Insert(ast.StringTerm(cat), ast.NewTerm(byLang))
		}
		qualified.Insert(ast.StringTerm(team), ast.NewTerm(byCat))
	}
	certified := ast.NewObject()
	for _, cat := range model.SortedKeys(ix.Certified) {
		certified.Insert(ast.StringTerm(cat), m.of(ix.Certified[cat]))
	}
	masks := ast.ObjectTerm(
		ast.Item(ast.InternedTerm("free"), ast.NewTerm(freeObj)),
		ast.Item(ast.InternedTerm("qualified"), ast.NewTerm(qualified)),
		ast.Item(ast.InternedTerm("trainees"), m.of(ix.Trainees)),
		ast.Item(ast.InternedTerm("certified"), ast.NewTerm(certified)),
	)
	return &Roster{
		agents: agents,
		term: ast.ObjectTerm(
			ast.Item(ast.InternedTerm("agents"), ast.NewTerm(raw)),
			ast.Item(ast.InternedTerm("difficult"), ast.NewTerm(difficult)),
			ast.Item(ast.InternedTerm("order"), ast.ArrayTerm(orderTerms...)),
			ast.Item(ast.InternedTerm("pos"), ast.NewTerm(pos)),
			ast.Item(ast.InternedTerm("masks"), masks),
		),
	}
}

// masker lays out lists of agent ids as masks over one routing order.
type masker struct {
	pos map[string]int
}

func newMasker(order []rosterEntry) masker {
	m := masker{pos: make(map[string]int, len(order))}
	for i, en := range order {
		m.pos[en.id] = i
	}
	return m
}

// of is the mask of ids; ids not in the order are left out.
func (m masker) of(ids []string) *ast.Term {
	var w big.Int
	for _, id := range ids {
		if p, ok := m.pos[id]; ok {
			w.SetBit(&w, p, 1)
		}
	}
	return maskTerm(&w)
}

func maskTerm(w *big.Int) *ast.Term { return ast.NumberTerm(json.Number(w.String())) }

// unix is t in Unix seconds, 0 for the zero time.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
